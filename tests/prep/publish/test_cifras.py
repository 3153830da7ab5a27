"""cifras prints percentages in integer arithmetic: the same text as tally's Decimals."""

from __future__ import annotations

import random
from decimal import Decimal

from ople.ley import tally
from ople.prep.publish import cifras


def test_trunc4_como_tally():
    rnd = random.Random(4)
    pares = [(0, 0), (5, 0), (3, -2), (0, 7), (7, 7), (1, 3), (2, 3), (-1, 3), (-5, 100_000_000)]
    pares += [(rnd.randint(-(10**6), 10**9), rnd.randint(1, 10**9)) for _ in range(20_000)]
    pares += [(n, d) for d in range(1, 60) for n in range(-3, 2 * d)]
    for n, d in pares:
        esperado = tally.formato4(tally.porcentaje(n, max(d, 0)))
        assert cifras.trunc4(n, d) == esperado, (n, d)
        assert cifras.texto4(tally.porcentaje(n, max(d, 0))) == esperado, (n, d)
    assert cifras.texto4(Decimal("12.5")) == "12.5000"
