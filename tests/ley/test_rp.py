"""RP allocation (ople.ley.rp): the worked examples of legal.md §2.1 and §2.2 in both variants, a
cap that binds inside the cociente (INE 2024 re-run), and properties over random elections."""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ople.ley.rp import (
    COCIENTE,
    COMPENSACION,
    DIRECTA,
    RESTO,
    RONDA,
    TOPE,
    Eleccion,
    EntradaInvalida,
    Reglas,
    asignar,
)

# legal.md §2.1: hypothetical statewide figures (VTE 600,000; VVE 580,000; threshold 17,400).
VOTOS = {
    "A": 232_000,
    "B": 145_000,
    "C": 81_200,
    "D": 46_400,
    "E": 35_300,
    "F": 22_700,
    "G": 11_600,
}
DISTRITOS = dict.fromkeys(VOTOS, 18)
# Art. 232 CEEA / art. 17 of the state constitution as legal.md reads them; tope 18 is [?].
CONGRESO = Reglas(
    umbral=F(3, 100),
    distritos_minimos=14,
    asignacion_directa=True,
    banda=F(8, 100),
    tope_escanos=18,
)


def congreso(mr: dict[str, int] | None = None, **cambios: object) -> Eleccion:
    datos: dict[str, object] = {
        "rp": 9,
        "escanos": 27,
        "votos": VOTOS,
        "nulos": 18_000,
        "no_registrados": 2_000,
        "independientes": 5_800,
        "mr": mr,
        "distritos_con_candidatura": DISTRITOS,
    }
    datos.update(cambios)
    return Eleccion(**datos)  # type: ignore[arg-type]


EJEMPLO_1 = {"A": 12, "B": 4, "C": 2}
EJEMPLO_2 = {"A": 15, "B": 1, "C": 2}


@pytest.mark.parametrize(
    ("mr", "restar", "rp", "total"),
    [
        # Example 1, variant A (full votes in the cociente).
        (
            EJEMPLO_1,
            False,
            {"A": 1, "B": 2, "C": 2, "D": 2, "E": 1, "F": 1, "G": 0},
            {"A": 13, "B": 6, "C": 4, "D": 2, "E": 1, "F": 1, "G": 0},
        ),
        # Example 1, variant B (the 17,400 used by the direct seat subtracted): B 3, D 1.
        (
            EJEMPLO_1,
            True,
            {"A": 1, "B": 3, "C": 2, "D": 1, "E": 1, "F": 1, "G": 0},
            {"A": 13, "B": 7, "C": 4, "D": 1, "E": 1, "F": 1, "G": 0},
        ),
        # Example 2, variant A: A keeps its 15 MR, no RP; B compensated with D's resto seat.
        (
            EJEMPLO_2,
            False,
            {"A": 0, "B": 4, "C": 2, "D": 1, "E": 1, "F": 1, "G": 0},
            {"A": 15, "B": 5, "C": 4, "D": 1, "E": 1, "F": 1, "G": 0},
        ),
        # Example 2, variant B: CN 60,900; B 2 and C 1 by cociente, D the resto (29,000); B is
        # again one short of its minimum of 5 and takes D's resto seat: the same final seats.
        (
            EJEMPLO_2,
            True,
            {"A": 0, "B": 4, "C": 2, "D": 1, "E": 1, "F": 1, "G": 0},
            {"A": 15, "B": 5, "C": 4, "D": 1, "E": 1, "F": 1, "G": 0},
        ),
    ],
    ids=[
        "ejemplo1-votos-completos",
        "ejemplo1-restando",
        "ejemplo2-completos",
        "ejemplo2-restando",
    ],
)
def test_ejemplos_de_legal_2_1(mr, restar, rp, total):
    r = asignar(congreso(mr), replace(CONGRESO, restar_votos_usados=restar))
    assert dict(r.rp) == rp
    assert dict(r.total) == total
    assert r.avisos == () and r.incumplidos == ()
    assert (r.vte, r.vve, r.depurada) == (600_000, 580_000, 562_600)
    assert r.elegibles == ("A", "B", "C", "D", "E", "F")


def test_ejemplo_1_rastro():
    r = asignar(congreso(EJEMPLO_1), CONGRESO)
    limites = {p: (lim.minimo, lim.maximo) for p, lim in r.limites.items()}
    assert limites == {
        "A": (9, 13),
        "B": (5, 9),
        "C": (2, 6),
        "D": (1, 4),
        "E": (0, 3),
        "F": (0, 3),
    }
    directas = [p.partido for p in r.pasos if p.tipo == DIRECTA]
    assert directas == ["A", "B", "C", "D", "E", "F"]
    (ronda,) = [p for p in r.pasos if p.tipo == RONDA]
    assert ronda.cociente == 110_200 and ronda.votos == 330_600 and ronda.escanos == 3
    assert "participan B, C, D, E, F" in ronda.detalle  # A left at its cap after the direct seat
    (cociente,) = [p for p in r.pasos if p.tipo == COCIENTE]
    assert (cociente.partido, cociente.escanos, cociente.resto) == ("B", 1, 34_800)
    assert [(p.partido, p.resto) for p in r.pasos if p.tipo == RESTO] == [
        ("C", 81_200),
        ("D", 46_400),
    ]
    assert r.por_tipo["C"] == {
        DIRECTA: 1,
        COCIENTE: 0,
        RESTO: 1,
        TOPE: 0,
        "excedente": 0,
        COMPENSACION: 0,
    }


def test_ejemplo_1_variante_b_rastro():
    r = asignar(congreso(EJEMPLO_1), replace(CONGRESO, restar_votos_usados=True))
    (ronda,) = [p for p in r.pasos if p.tipo == RONDA]
    assert ronda.votos == 243_600 and ronda.cociente == 81_200
    assert [(p.partido, p.resto) for p in r.pasos if p.tipo == RESTO] == [
        ("C", 63_800),
        ("B", 46_400),
    ]


def test_ejemplo_2_compensacion_en_el_rastro():
    r = asignar(congreso(EJEMPLO_2), CONGRESO)
    assert r.limites["A"].excepcion_mr
    assert [p.partido for p in r.pasos if p.tipo == DIRECTA] == ["B", "C", "D", "E", "F"]
    (comp,) = [p for p in r.pasos if p.tipo == COMPENSACION]
    assert (comp.partido, comp.cede, comp.resto) == ("B", "D", 46_400)
    assert r.por_tipo["D"][RESTO] == 0 and r.por_tipo["B"][COMPENSACION] == 1


def test_ejemplo_2_por_mayor_sobrerrepresentacion():
    """The other strategy: the donor is the party furthest above its vote share (C: 4/27 against
    14.43 %), and it gives up its resto seat."""
    r = asignar(congreso(EJEMPLO_2), replace(CONGRESO, compensacion="mayor_sobrerrepresentacion"))
    (comp,) = [p for p in r.pasos if p.tipo == COMPENSACION]
    assert comp.partido == "B"
    assert comp.cede == max(
        ("C", "D", "E", "F"),
        key=lambda q: F(r.total[q] + (q == comp.cede), 27) - r.limites[q].porcentaje,
    )
    assert sum(r.rp.values()) == 9 and r.total["B"] == 5


MUNICIPIO = {"W": 48_000, "X": 30_000, "Y": 12_000, "Z": 6_500, "Q": 2_500}


@pytest.mark.parametrize(
    ("participa", "esperado"),
    [
        (False, {"W": 0, "X": 2, "Y": 1, "Z": 1, "Q": 0}),
        (True, {"W": 2, "X": 1, "Y": 1, "Z": 0, "Q": 0}),
    ],
    ids=["ganador-excluido", "ganador-incluido"],
)
def test_ejemplo_de_legal_2_2(participa, esperado):
    r = asignar(Eleccion(rp=4, votos=MUNICIPIO, ganador="W"), Reglas(ganador_participa=participa))
    assert dict(r.rp) == esperado
    (ronda,) = [p for p in r.pasos if p.tipo == RONDA]
    assert ronda.cociente == (F(24_125) if participa else F(12_125))
    assert "Q" not in r.elegibles  # 2,500 < 2,970


def test_tope_en_el_cociente_se_reparte_de_nuevo():
    """A's share of the round would take it past its cap: it keeps the cap, its votes leave the
    base and the seats left are shared again over a new cociente (INE 2024)."""
    e = Eleccion(rp=4, votos={"A": 600, "B": 300, "C": 100}, mr={"A": 5, "B": 1, "C": 1})
    r = asignar(e, Reglas(umbral=CERO_UMBRAL, banda=F(8, 100)))
    assert {p: (lim.minimo, lim.maximo) for p, lim in r.limites.items()} == {
        "A": (6, 7),
        "B": (3, 4),
        "C": (1, 1),
    }
    rondas = [p for p in r.pasos if p.tipo == RONDA]
    assert [(x.votos, x.escanos, x.cociente) for x in rondas] == [(900, 4, 225), (300, 2, 150)]
    (tope,) = [p for p in r.pasos if p.tipo == TOPE]
    assert (tope.partido, tope.escanos) == ("A", 2)
    assert dict(r.rp) == {"A": 2, "B": 2, "C": 0}
    assert dict(r.total) == {"A": 7, "B": 3, "C": 1}


CERO_UMBRAL = F(0)


def test_independientes_de_mr_cuentan_en_el_organo_y_no_reciben_rp():
    e = congreso({"A": 11, "B": 4, "C": 2}, mr_independientes=1)
    r = asignar(e, CONGRESO)
    assert sum(r.rp.values()) == 9 and sum(r.total.values()) == 26  # + 1 independent = 27


def test_partido_sin_distritos_suficientes_no_recibe_rp():
    r = asignar(congreso(EJEMPLO_1, distritos_con_candidatura={**DISTRITOS, "D": 13}), CONGRESO)
    assert r.rp["D"] == 0 and "D" not in r.elegibles
    assert any("13 distritos de 14" in p.detalle for p in r.pasos)


def test_desempate_por_sorteo_y_por_votacion():
    e = Eleccion(rp=1, votos={"A": 50, "B": 50, "C": 10})
    assert asignar(e, Reglas(umbral=F(0))).rp["A"] == 1  # equal votes: the name decides last
    sorteo = Reglas(umbral=F(0), desempate="sorteo", orden_sorteo=("B", "A"))
    assert asignar(e, sorteo).rp["B"] == 1


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"escanos": 28}, "escanos"),
        ({"votos": {}}, "votos"),
        ({"escanos": None, "mr": {"Z": 1}}, "mr.Z"),
        ({"ganador": "Z"}, "ganador"),
        ({"nulos": -1}, "nulos"),
    ],
)
def test_entrada_invalida_nombra_el_campo(cambios, campo):
    with pytest.raises(EntradaInvalida) as exc:
        asignar(congreso(**{"mr": EJEMPLO_1, **cambios}), CONGRESO)
    assert exc.value.campo == campo


def test_reglas_invalidas():
    with pytest.raises(EntradaInvalida, match="banda"):
        Reglas(banda=F(3, 2))
    with pytest.raises(EntradaInvalida, match="base_limites"):
        Reglas(base_limites="otra")  # type: ignore[arg-type]


# --- properties over random elections ---------------------------------------------------------


@st.composite
def elecciones(draw: st.DrawFn) -> tuple[Eleccion, Reglas]:
    n = draw(st.integers(1, 8))
    nombres = [f"P{i}" for i in range(n)]
    votos = {p: draw(st.integers(0, 400_000)) for p in nombres}
    if sum(votos.values()) == 0:
        votos[nombres[0]] = 1
    mr = {p: draw(st.integers(0, 12)) for p in nombres}
    distritos = {p: draw(st.integers(0, 18)) for p in nombres}
    rp = draw(st.integers(0, 15))
    reglas = Reglas(
        umbral=draw(st.sampled_from([F(0), F(3, 100), F(5, 100)])),
        base_umbral=draw(st.sampled_from(["vve", "vte"])),
        distritos_minimos=draw(st.sampled_from([0, 14])),
        asignacion_directa=draw(st.booleans()),
        restar_votos_usados=draw(st.booleans()),
        base_cociente=draw(st.sampled_from(["depurada", "vve"])),
        banda=draw(st.sampled_from([F(8, 100), F(1), F(3, 100)])),
        base_limites=draw(st.sampled_from(["depurada", "vve"])),
        redondeo_tope=draw(st.sampled_from(["piso", "cercano"])),
        tope_escanos=draw(st.sampled_from([None, 18, 10])),
        compensacion=draw(st.sampled_from(["ultimo_resto", "mayor_sobrerrepresentacion"])),
    )
    e = Eleccion(
        rp=rp,
        votos=votos,
        nulos=draw(st.integers(0, 20_000)),
        no_registrados=draw(st.integers(0, 5_000)),
        independientes=draw(st.integers(0, 30_000)),
        mr=mr,
        mr_independientes=draw(st.integers(0, 2)),
        distritos_con_candidatura=distritos,
    )
    return e, reglas


@settings(max_examples=300, deadline=None)
@given(elecciones())
def test_propiedades(caso):
    e, reglas = caso
    r = asignar(e, reglas)
    # The seats add up: every RP seat placed unless no party has the right to RP.
    assert sum(r.rp.values()) + r.sin_asignar == e.rp
    assert (r.sin_asignar > 0) == (e.rp > 0 and not r.participantes)
    assert all(r.total[p] == e.mr.get(p, 0) + r.rp[p] for p in e.votos)
    assert all(n >= 0 for n in r.rp.values())
    # The trail accounts for every seat: by kind, and step by step.
    assert all(sum(r.por_tipo[p].values()) == r.rp[p] for p in e.votos)
    movidos = {p: 0 for p in e.votos}
    for paso in r.pasos:
        if paso.tipo in ("directa", "cociente", "resto", "tope", "excedente") and paso.partido:
            movidos[paso.partido] += paso.escanos
        elif paso.tipo == "compensacion":
            movidos[paso.partido] += 1
            movidos[paso.cede] -= 1
    assert movidos == dict(r.rp)
    # Below the threshold or short of districts: no RP.
    for p in e.votos:
        if p not in r.elegibles:
            assert r.rp[p] == 0
    if not reglas.con_limites:
        return
    # Within the band, unless the MR wins alone exceed the cap (then no RP at all).
    capacidad = sum(max(0, r.limites[p].maximo - e.mr[p]) for p in r.participantes)
    sin_tope = capacidad < e.rp and bool(r.participantes)
    assert sin_tope == any("sin tope" in a for a in r.avisos)
    for p in r.participantes:
        lim = r.limites[p]
        if not sin_tope:
            assert r.total[p] <= lim.maximo
            if lim.excepcion_mr:
                assert r.rp[p] == 0
        if p in r.incumplidos:
            # Genuine: no other party could give a seat and stay at or above its own floor, or
            # the party's floor is above its cap.
            puede_ceder = [
                q
                for q in r.participantes
                if q != p and r.rp[q] > 0 and r.total[q] - 1 >= r.limites[q].minimo
            ]
            assert not puede_ceder or lim.minimo > lim.maximo
        else:
            assert r.total[p] >= lim.minimo


@settings(max_examples=150, deadline=None)
@given(elecciones(), st.randoms(use_true_random=False))
def test_el_orden_de_los_partidos_no_cambia_el_resultado(caso, azar: random.Random):
    e, reglas = caso
    orden = list(e.votos)
    azar.shuffle(orden)
    e2 = replace(
        e,
        votos={p: e.votos[p] for p in orden},
        mr={p: e.mr[p] for p in reversed(orden)},
    )
    r1, r2 = asignar(e, reglas), asignar(e2, reglas)
    assert dict(r1.rp) == dict(r2.rp)
    assert dict(r1.total) == dict(r2.total)


def test_tope_de_escanos_por_partido():
    """A party with 70 % and 17 MR wins: its band allows ⌊78 % · 27⌋ = 21, the maximum per party
    (18) binds first: it takes its direct seat and nothing more."""
    e = Eleccion(
        rp=9,
        escanos=27,
        votos={"A": 700, "B": 200, "C": 100},
        mr={"A": 17, "B": 1},
    )
    r = asignar(e, replace(CONGRESO, distritos_minimos=0))
    assert r.limites["A"].maximo == 18
    assert dict(r.rp) == {"A": 1, "B": 5, "C": 3}
    assert r.total["A"] == 18
    sin_tope = asignar(e, replace(CONGRESO, distritos_minimos=0, tope_escanos=None))
    assert sin_tope.limites["A"].maximo == 21 and sin_tope.total["A"] > 18


def test_ayuntamiento_con_limites_opcionales():
    """legal.md §2.2's municipality with a cabildo of 10 (the winning planilla's 6 seats + 4 RP)
    and the ±8 limits switched on (a profile option, off by default). Over the depurada (96,500):
    W 49.74 % may hold ⌊57.74 % · 10⌋ = 5 and holds 6 by MR — the MR exception: no RP even when
    the winner takes part. X 31.09 % must hold ⌈23.09 % · 10⌉ = 3. The cociente (12,125) and
    resto give X 2, Y 1, Z 1; X is one short of its floor and takes Z's resto seat (6,500, the
    smallest; Z's floor is 0): X 3, Y 1."""
    e = Eleccion(rp=4, votos=MUNICIPIO, ganador="W", mr={"W": 6})
    r = asignar(e, Reglas(ganador_participa=True, banda=F(8, 100)))
    assert r.limites["W"].excepcion_mr and r.rp["W"] == 0
    assert {p: (lim.minimo, lim.maximo) for p, lim in r.limites.items()} == {
        "W": (5, 6),
        "X": (3, 3),
        "Y": (1, 2),
        "Z": (0, 1),
    }
    assert dict(r.rp) == {"W": 0, "X": 3, "Y": 1, "Z": 0, "Q": 0}
    (comp,) = [p for p in r.pasos if p.tipo == COMPENSACION]
    assert (comp.partido, comp.cede, comp.resto) == ("X", "Z", 6_500)
    sin_limites = asignar(e, Reglas(ganador_participa=True))
    assert sin_limites.rp["W"] == 2
