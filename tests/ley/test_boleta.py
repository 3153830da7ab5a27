"""Ballot columns in INE order: the real IEQROO 2019 header, and properties."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.ley import boleta
from ople.ley.boleta import Alianza, BoletaInvalida

QROO = Path("/work/shared/data/FerNHK_QROO_DIP_LOC_2019.csv")
# Line 7 of the IEQROO 2019 PREP file (diputaciones locales), columns PAN … NULOS.
QROO_COLUMNAS = (
    "PAN|PRI|PRD|PVEM|PT|MC|MORENA|MAS|CQROO|PESQROO|C_PAN_PRD_PESQROO|C_PAN_PRD|C_PAN_PESQROO|"
    "C_PRD_PESQROO|C_PVEM_PT_MORENA|C_PVEM_PT|C_PVEM_MORENA|C_PT_MORENA|CAND_IND_1|CAND_IND_2|"
    "CAND_IND_3|NO_REGISTRADOS|NULOS"
).split("|")
QROO_PARTIDOS = ["PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA", "MAS", "CQROO", "PESQROO"]


def test_qroo_2019_header_is_reproduced():
    cols = boleta.columnas(
        partidos=QROO_PARTIDOS,
        alianzas=[
            # given out of order on purpose: coalitions sort by their parties' positions
            Alianza("Juntos haremos historia", ("MORENA", "PT", "PVEM")),
            Alianza("Orden y desarrollo", ("PESQROO", "PRD", "PAN")),
        ],
        independientes=3,
    )
    assert boleta.nombres(cols) == QROO_COLUMNAS


@pytest.mark.skipif(not QROO.exists(), reason="archivo de referencia no disponible")
def test_qroo_constant_matches_the_real_file():
    encabezado = QROO.read_text(encoding="ascii").splitlines()[6].split("|")
    assert encabezado[encabezado.index("PAN") : encabezado.index("NULOS") + 1] == QROO_COLUMNAS


@pytest.mark.parametrize(
    ("miembros", "esperado"),
    [
        (("PAN", "PRI"), [("PAN", "PRI")]),
        (
            ("PRD", "PAN", "PRI"),
            [("PAN", "PRI", "PRD"), ("PAN", "PRI"), ("PAN", "PRD"), ("PRI", "PRD")],
        ),
        (
            ("PT", "PVEM", "MORENA", "MC"),
            [
                ("PVEM", "PT", "MC", "MORENA"),
                ("PVEM", "PT", "MC"),
                ("PVEM", "PT", "MORENA"),
                ("PVEM", "MC", "MORENA"),
                ("PT", "MC", "MORENA"),
                ("PVEM", "PT"),
                ("PVEM", "MC"),
                ("PVEM", "MORENA"),
                ("PT", "MC"),
                ("PT", "MORENA"),
                ("MC", "MORENA"),
            ],
        ),
    ],
)
def test_combinations_table(miembros, esperado):
    orden = ["PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA"]
    assert boleta.combinaciones(miembros, orden) == esperado


def test_candidatura_comun_and_shared_combination():
    cols = boleta.columnas(
        partidos=["PAN", "PRI", "PRD", "PT", "MC"],
        alianzas=[
            Alianza("A", ("PAN", "PRI", "PRD")),
            Alianza("A2", ("PAN", "PRD")),  # same parties allied elsewhere: one column
            Alianza("CC", ("MC", "PT"), tipo="CAND_COMUN"),
        ],
        independientes=1,
    )
    assert boleta.nombres(cols) == [
        "PAN", "PRI", "PRD", "PT", "MC",
        "C_PAN_PRI_PRD", "C_PAN_PRI", "C_PAN_PRD", "C_PRI_PRD",
        "CC_PT_MC", "CAND_IND_1", "NO_REGISTRADOS", "NULOS",
    ]  # fmt: skip
    compartida = next(c for c in cols if c.columna == "C_PAN_PRD")
    assert compartida.alianzas == ("A", "A2")


@pytest.mark.parametrize(
    ("partidos", "alianzas", "ci", "mensaje"),
    [
        (["PAN", "PAN"], [], 0, "partido repetido"),
        (["PAN", "PRI"], [Alianza("X", ("PAN",))], 0, "al menos dos"),
        (["PAN", "PRI"], [Alianza("X", ("PAN", "PT"))], 0, "no están en la boleta: PT"),
        (["PAN", "PRI"], [Alianza("X", ("PAN", "PAN"))], 0, "repite"),
        (["PAN"], [], -1, "negativo"),
        (["PAN", "NULOS"], [], 0, "no válidas"),
        (["PAN", "C_PAN"], [], 0, "no válidas"),
    ],
)
def test_invalid_input_is_rejected_in_spanish(partidos, alianzas, ci, mensaje):
    with pytest.raises(BoletaInvalida, match=mensaje):
        boleta.columnas(partidos=partidos, alianzas=alianzas, independientes=ci)


SIGLAS = st.lists(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=6),
    min_size=2,
    max_size=9,
    unique=True,
).filter(lambda xs: "NULOS" not in xs)


@st.composite
def boletas(draw):
    partidos = draw(SIGLAS)
    libres = list(partidos)
    alianzas = []
    for i in range(draw(st.integers(0, 3))):
        if len(libres) < 2:
            break
        miembros = draw(
            st.lists(st.sampled_from(libres), min_size=2, max_size=min(5, len(libres)), unique=True)
        )
        libres = [p for p in libres if p not in miembros]
        tipo = draw(st.sampled_from(["COALICION", "CAND_COMUN"]))
        alianzas.append(Alianza(f"A{i}", tuple(miembros), tipo=tipo))
    return partidos, alianzas, draw(st.integers(0, 4))


@given(boletas())
def test_properties(datos):
    partidos, alianzas, ci = datos
    cols = boleta.columnas(partidos=partidos, alianzas=alianzas, independientes=ci)
    nombres = boleta.nombres(cols)
    # no duplicates; parties first in order; NO_REGISTRADOS, NULOS last
    assert len(nombres) == len(set(nombres))
    assert nombres[: len(partidos)] == partidos
    assert nombres[-2:] == ["NO_REGISTRADOS", "NULOS"]
    assert nombres[-2 - ci : -2] == [f"CAND_IND_{n}" for n in range(1, ci + 1)]
    # 2^k − k − 1 combinations per (disjoint) coalition; one column per candidatura común
    coaliciones = [a for a in alianzas if a.tipo == "COALICION"]
    esperadas = sum(2 ** len(a.partidos) - len(a.partidos) - 1 for a in coaliciones)
    assert sum(1 for c in cols if c.tipo == "COMBINACION") == esperadas
    assert sum(1 for c in cols if c.tipo == "CAND_COMUN") == len(alianzas) - len(coaliciones)
    # combinations: non-increasing size within a coalition; members listed in party order
    pos = {p: i for i, p in enumerate(partidos)}
    for c in cols:
        if c.tipo in ("COMBINACION", "CAND_COMUN"):
            assert [pos[p] for p in c.partidos] == sorted(pos[p] for p in c.partidos)
    for a in coaliciones:
        tam = [len(c.partidos) for c in cols if c.alianzas == (a.nombre,)]
        assert tam == sorted(tam, reverse=True)
    # stable: the order of the alliances given does not change the result
    otra = boleta.columnas(partidos=partidos, alianzas=list(reversed(alianzas)), independientes=ci)
    assert boleta.nombres(otra) == nombres
