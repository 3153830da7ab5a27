"""The coalition split (legal.md §1.6): the worked example, tables and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.ley import boleta
from ople.ley.boleta import Alianza
from ople.ley.distribucion import (
    RepartoInvalido,
    asignaciones,
    candidaturas,
    distribuir,
    primero_y_segundo,
    totales_candidatura,
)

PROPIOS = {"PAN": 20_000, "PRI": 9_500, "PRD": 1_200}
COMBOS = {("PAN", "PRI", "PRD"): 1_001, ("PAN", "PRI"): 350, ("PAN", "PRD"): 77, ("PRI", "PRD"): 40}
ORDEN = ("PAN", "PRI", "PRD")


def test_ejemplo_de_la_ley():
    r = distribuir(PROPIOS, COMBOS, desempate=ORDEN)
    assert r == {"PAN": 20_548, "PRI": 10_029, "PRD": 1_591}
    assert sum(r.values()) == 32_168
    tabla = [
        (a.cociente, a.sobrante, a.sobrante_a)
        for a in asignaciones(PROPIOS, COMBOS, desempate=ORDEN)
    ]
    assert tabla == [(333, 2, ("PAN", "PRI")), (175, 0, ()), (38, 1, ("PAN",)), (20, 0, ())]


@pytest.mark.parametrize(
    ("propios", "combos", "orden", "esperado"),
    [
        # a tie in own votes: the ballot order decides
        ({"A": 10, "B": 10}, {("A", "B"): 3}, ("A", "B"), {"A": 12, "B": 11}),
        ({"A": 10, "B": 10}, {("A", "B"): 3}, ("B", "A"), {"A": 11, "B": 12}),
        # the most own votes wins the leftover, whatever the order
        ({"A": 5, "B": 9}, {("A", "B"): 1}, ("A", "B"), {"A": 5, "B": 10}),
        ({"A": 0, "B": 0, "C": 0}, {("A", "B", "C"): 0}, ("A", "B", "C"), {"A": 0, "B": 0, "C": 0}),
    ],
)
def test_tabla(propios, combos, orden, esperado):
    assert distribuir(propios, combos, desempate=orden) == esperado


@pytest.mark.parametrize(
    ("propios", "combos", "orden", "mensaje"),
    [
        ({"A": -1, "B": 0}, {}, ("A", "B"), "entero no negativo"),
        ({"A": 1}, {("A",): 3}, ("A",), "al menos dos"),
        ({"A": 1, "B": 1}, {("A", "A"): 3}, ("A", "B"), "repite"),
        ({"A": 1}, {("A", "X"): 3}, ("A",), "sin votación propia"),
        ({"A": 1, "B": 1}, {("A", "B"): 3}, ("A",), "desempate"),
    ],
)
def test_entrada_invalida(propios, combos, orden, mensaje):
    with pytest.raises(RepartoInvalido, match=mensaje):
        distribuir(propios, combos, desempate=orden)


PARTIDOS = ("P1", "P2", "P3", "P4")


@st.composite
def repartos(draw):
    propios = {p: draw(st.integers(0, 50_000)) for p in PARTIDOS}
    combos = {}
    for tam in (2, 3, 4):
        for combo in draw(
            st.lists(st.sampled_from(boleta.combinaciones(PARTIDOS, PARTIDOS)), max_size=5)
        ):
            if len(combo) == tam:
                combos[combo] = draw(st.integers(0, 10_000))
    orden = tuple(draw(st.permutations(PARTIDOS)))
    return propios, combos, orden


@given(repartos())
def test_propiedades(datos):
    propios, combos, orden = datos
    r = distribuir(propios, combos, desempate=orden)
    # totals preserved
    assert sum(r.values()) == sum(propios.values()) + sum(combos.values())
    for a in asignaciones(propios, combos, desempate=orden):
        # no party gets more than one leftover vote per combination
        assert len(set(a.sobrante_a)) == len(a.sobrante_a) == a.sobrante < len(a.combinacion)
        # every partner gets the equal share; the leftover goes to those with most own votes
        resto = [p for p in a.combinacion if p not in a.sobrante_a]
        if a.sobrante_a and resto:
            assert min(propios[p] for p in a.sobrante_a) >= max(propios[p] for p in resto)
    # no party loses votes
    assert all(r[p] >= propios[p] for p in propios)


def test_candidaturas_y_totales():
    cols = boleta.columnas(
        partidos=["PAN", "PRI", "PRD", "MORENA", "PT"],
        alianzas=[Alianza("Fuerza", ("PAN", "PRI", "PRD")), Alianza("Juntos", ("MORENA", "PT"))],
        independientes=1,
    )
    cands = candidaturas(cols, {"Fuerza": ("PAN", "PRI", "PRD"), "Juntos": ("MORENA", "PT")})
    assert [c.clave for c in cands] == ["Fuerza", "Juntos", "CAND_IND_1"]
    votos = {
        "PAN": 20_000,
        "PRI": 9_500,
        "PRD": 1_200,
        "C_PAN_PRI_PRD": 1_001,
        "C_PAN_PRI": 350,
        "C_PAN_PRD": 77,
        "C_PRI_PRD": 40,
        "MORENA": 30_000,
        "PT": 100,
        "CAND_IND_1": 5,
    }
    tot = totales_candidatura(votos, cands)
    assert tot == {"Fuerza": 32_168, "Juntos": 30_100, "CAND_IND_1": 5}
    assert primero_y_segundo(tot) == (("Fuerza", 32_168), ("Juntos", 30_100))
    # without coalitions in this demarcación, each party is its own candidacy
    solos = candidaturas(cols)
    assert [c.clave for c in solos] == ["PAN", "PRI", "PRD", "MORENA", "PT", "CAND_IND_1"]
