"""Which whole casillas a bounded simulacro (--max-actas) plays."""

from ople.simulacro.preparacion import elegir_casillas

# 40 casillas in catalog order; every fifth is an especial with three actas, the others two.
CASILLAS = [(100 + i, 3 if i % 5 == 4 else 2) for i in range(40)]


def test_first_casillas_until_the_bound_whole():
    ids = elegir_casillas(CASILLAS, 9)
    assert ids == [100, 101, 102, 103, 104]  # 2+2+2+2+3 = 11 actas: the last casilla whole


def test_spread_over_the_whole_catalog_in_catalog_order():
    ids = elegir_casillas(CASILLAS, 20, repartir=True)
    assert ids == sorted(ids)
    assert sum(n for c, n in CASILLAS if c in ids) >= 20
    assert len(ids) <= 10
    assert ids[0] == 100 and ids[-1] >= 130  # from the beginning to the end of the catalog
    pasos = [b - a for a, b in zip(ids, ids[1:], strict=False)]
    assert max(pasos) <= 5


def test_everything_when_the_bound_exceeds_the_catalog():
    assert elegir_casillas(CASILLAS, 1000) == [c for c, _ in CASILLAS]
    assert elegir_casillas(CASILLAS, 1000, repartir=True) == [c for c, _ in CASILLAS]
