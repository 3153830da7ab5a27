"""Recount causes C1–C7, the total-recount test and GT planning (legal.md §1.3–1.5)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.ley import boleta
from ople.ley.boleta import Alianza
from ople.ley.distribucion import candidaturas
from ople.ley.recuento import (
    BASE_VTE,
    BASE_VVE,
    CANDIDATURAS_SIMPLES,
    CAUSALES,
    Acta,
    Expediente,
    base_recuento,
    causales,
    inconsistencias,
    planear_grupos,
    prueba_recuento_total,
)

SIMPLES = CANDIDATURAS_SIMPLES(("A", "B", "C"))
BUENA = Acta(
    votos={"A": 120, "B": 80, "C": 30, "NO_REGISTRADOS": 1, "NULOS": 4},
    personas_votaron=235,
    votos_sacados=235,
    boletas_recibidas=300,
)


def _con(**cambios):
    datos = {
        "votos": dict(BUENA.votos),
        "personas_votaron": BUENA.personas_votaron,
        "votos_sacados": BUENA.votos_sacados,
        "boletas_recibidas": BUENA.boletas_recibidas,
    }
    datos.update(cambios)
    return Acta(**datos)


@pytest.mark.parametrize(
    ("expediente", "esperado"),
    [
        (Expediente(acta_paquete=BUENA, copia_presidencia=BUENA), ()),
        # only the copy: its figures are used, no C1 possible
        (Expediente(copia_presidencia=BUENA), ()),
        # C1: the package's acta differs from the presidency's copy
        (
            Expediente(
                acta_paquete=BUENA,
                copia_presidencia=_con(
                    votos={**BUENA.votos, "A": 121}, personas_votaron=236, votos_sacados=236
                ),
            ),
            ("C1",),
        ),
        # C1 also from a representative's copy
        (
            Expediente(
                acta_paquete=BUENA,
                copia_presidencia=BUENA,
                copias_representantes=(_con(votos={**BUENA.votos, "B": 79, "C": 31}),),
            ),
            ("C1",),
        ),
        # C2: evident alterations
        (Expediente(acta_paquete=_con(alteraciones_evidentes=True)), ("C2",)),
        # C3: no acta, no copy
        (Expediente(), ("C3",)),
        (Expediente(copias_representantes=(BUENA,)), ("C3",)),
        (Expediente(paquete_con_alteracion=True), ("C3", "C7")),
        # C4: people who voted ≠ ballots out of the box
        (Expediente(acta_paquete=_con(personas_votaron=240)), ("C4",)),
        # C4 cleared up with other material
        (Expediente(acta_paquete=_con(personas_votaron=240), inconsistencia_aclarada=True), ()),
        # C4: a blank figure
        (
            Expediente(
                acta_paquete=Acta(
                    votos={"A": 120, "C": 30, "NO_REGISTRADOS": 1, "NULOS": 4},
                    ilegibles=frozenset({"B"}),
                )
            ),
            ("C4",),
        ),
        # C4: more votes than ballots received
        (Expediente(acta_paquete=_con(boletas_recibidas=200)), ("C4",)),
        # C5: the example of legal.md §1.3 (120 / 112 / 9 nulls)
        (Expediente(acta_paquete=Acta(votos={"A": 120, "B": 112, "C": 0, "NULOS": 9})), ("C5",)),
        # C5 is strict: 8 nulls on a difference of 8 is no cause
        (Expediente(acta_paquete=Acta(votos={"A": 120, "B": 112, "C": 0, "NULOS": 8})), ()),
        # C6: every vote to one option
        (Expediente(acta_paquete=Acta(votos={"A": 200, "B": 0, "C": 0, "NULOS": 0})), ("C6",)),
        # C7: signs of tampering, with an acta that is otherwise fine
        (Expediente(acta_paquete=BUENA, paquete_con_alteracion=True), ("C7",)),
    ],
)
def test_causales(expediente, esperado):
    assert causales(expediente, candidaturas=SIMPLES) == esperado


def test_c5_compara_candidaturas_no_columnas():
    """PAN 70 + PRI 40 + PAN+PRI 10 = 120 for the coalition's candidacy; MORENA 112; 9 nulls.
    As party columns the gap is 70 − 40 or 112 − 70 = 42 (no cause); as candidacies it is 8."""
    cols = boleta.columnas(
        partidos=["PAN", "PRI", "MORENA"], alianzas=[Alianza("Fuerza", ("PAN", "PRI"))]
    )
    cands = candidaturas(cols, {"Fuerza": ("PAN", "PRI")})
    assert [c.clave for c in cands] == ["Fuerza", "MORENA"]
    acta = Acta(votos={"PAN": 70, "PRI": 40, "MORENA": 112, "C_PAN_PRI": 10, "NULOS": 9})
    assert causales(Expediente(acta_paquete=acta), candidaturas=cands) == ("C5",)
    assert "C5" not in causales(
        Expediente(acta_paquete=acta), candidaturas=CANDIDATURAS_SIMPLES(("PAN", "PRI", "MORENA"))
    )


def test_cada_causal_tiene_su_texto():
    assert list(CAUSALES) == [f"C{i}" for i in range(1, 8)]


def test_inconsistencias_en_espanol():
    assert inconsistencias(BUENA) == []
    (texto,) = inconsistencias(_con(votos_sacados=230))
    assert "no coinciden" in texto and "votos sacados de la urna 230" in texto


@given(
    st.dictionaries(st.sampled_from(["A", "B", "C", "NULOS"]), st.integers(0, 10_000)),
    st.booleans(),
)
def test_causales_son_ordenadas_y_conocidas(votos, alterado):
    acta = Acta(votos=votos)
    r = causales(
        Expediente(acta_paquete=acta, paquete_con_alteracion=alterado), candidaturas=SIMPLES
    )
    assert list(r) == sorted(r) and set(r) <= set(CAUSALES)
    assert ("C7" in r) == alterado
    # C5 is exactly "nulls > first − second" over the candidacies
    cand = sorted((votos.get(p, 0) for p in "ABC"), reverse=True)
    assert ("C5" in r) == (votos.get("NULOS", 0) > cand[0] - cand[1])


# --- total recount ---------------------------------------------------------------------------


def test_recuento_total_ejemplo():
    p = prueba_recuento_total({"A": 30_150, "B": 29_420, "C": 20_000}, base=85_432, solicitado=True)
    assert (p.primero, p.segundo, p.diferencia) == ("A", "B", 730)
    assert p.puntos == Fraction(73_000, 85_432)
    assert p.puntos_texto() == "0.854"
    assert p.indicio and p.procede
    assert not prueba_recuento_total(
        {"A": 30_150, "B": 29_420}, base=85_432, solicitado=False
    ).procede


@pytest.mark.parametrize(
    ("a", "b", "base", "indicio"),
    [
        (1_000, 990, 1_000, True),  # exactly 1 point: "igual o menor"
        (1_001, 990, 1_000, False),  # 1.1 points
        (50, 50, 100, True),
        (10, 0, 0, False),  # no votes: no base, no test
    ],
)
def test_recuento_total_tabla(a, b, base, indicio):
    assert prueba_recuento_total({"A": a, "B": b}, base=base, solicitado=True).indicio is indicio


def test_base_recuento():
    votos = {"A": 10, "B": 5, "NO_REGISTRADOS": 1, "NULOS": 4}
    assert base_recuento(votos, BASE_VTE) == 20
    assert base_recuento(votos, BASE_VVE) == 15
    with pytest.raises(ValueError):
        base_recuento(votos, "OTRA")


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(1, 10**7))
def test_recuento_total_exacto(a, b, extra):
    base = a + b + extra
    p = prueba_recuento_total({"A": a, "B": b}, base=base, solicitado=True)
    assert p.indicio == (abs(a - b) * 100 <= base)


# --- planning --------------------------------------------------------------------------------


def test_planeacion():
    assert planear_grupos(12, segmentos=40).en_pleno
    plan = planear_grupos(300, segmentos=30, grupos=5)
    assert (plan.grupos, plan.puntos_por_grupo, plan.suficiente) == (5, 2, True)
    corto = planear_grupos(3_000, segmentos=10, grupos=5, max_puntos_por_grupo=8)
    assert corto.puntos_por_grupo == 8 and not corto.suficiente
    with pytest.raises(ValueError):
        planear_grupos(10, segmentos=0)
