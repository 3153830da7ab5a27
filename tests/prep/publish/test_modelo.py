"""`modelo.ValoresActa`: an acta's values packed as a tuple behave as the dict they came from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ople.ley import actas
from ople.prep.publish import modelo

COLS = ("PAN", "PRI", "MORENA", "C_PAN_PRI", "NO_REGISTRADOS", "NULOS")
CAMPOS = actas.columnas_acta(COLS)
VALOR = st.one_of(
    st.integers(0, 10_000),
    st.integers(-(2**40), 2**40),
    st.sampled_from(("ILEGIBLE", "SIN DATO", "-")),
)


@given(st.dictionaries(st.sampled_from(CAMPOS), VALOR))
def test_empaquetado_igual_al_dict(d):
    v = modelo.ValoresActa.de(d, COLS)
    assert isinstance(v, modelo.ValoresActa)
    assert v == d and dict(v) == d and len(v) == len(d)
    for c in CAMPOS:
        assert v.get(c, "x") == d.get(c, "x")
        assert (c in v) == (c in d)
    assert v.alineados("f") == [d.get(c, "f") for c in CAMPOS]
    assert v.datos == tuple(d.get(c) for c in CAMPOS)


@given(st.lists(st.integers(0, 2**32 - 1), min_size=len(CAMPOS), max_size=len(CAMPOS)))
def test_enteros_empaquetados(valores):
    # every field a non-negative int below 2**32: kept as bytes, 2 bytes a value when they fit
    v = modelo.ValoresActa.de(dict(zip(CAMPOS, valores, strict=True)), COLS)
    assert isinstance(v, modelo.ValoresActa)
    assert isinstance(v._empacados, bytes)
    assert len(v._empacados) == len(CAMPOS) * (2 if max(valores) < 2**16 else 4)
    assert v.datos == tuple(valores) and all(type(x) is int for x in v.datos)
    assert v.alineados("-") == valores


def test_campo_desconocido_no_se_empaqueta():
    d = {"PAN": 1, "OTRO": 2}
    assert modelo.ValoresActa.de(d, COLS) is d


def test_indice_compartido_por_eleccion():
    a = modelo.ValoresActa.de({"PAN": 1}, COLS)
    b = modelo.ValoresActa.de({"PRI": 2}, COLS)
    assert isinstance(a, modelo.ValoresActa) and isinstance(b, modelo.ValoresActa)
    assert a.indice is b.indice
    assert list(a.indice) == list(CAMPOS)
