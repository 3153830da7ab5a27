"""The bounded memo: computes a value once per key and never keeps more than its limit."""

from ople.ley.memo import MemoAcotado


def test_calcula_una_vez_por_clave_y_no_pasa_del_limite():
    llamadas = []

    def doble(k: int) -> int:
        llamadas.append(k)
        return 2 * k

    memo = MemoAcotado(doble, 3)
    assert [memo[k] for k in (1, 2, 1, 3, 2)] == [2, 4, 2, 6, 4]
    assert llamadas == [1, 2, 3]
    assert memo[4] == 8  # the fourth key empties the memo first
    assert len(memo) == 1 and llamadas == [1, 2, 3, 4]
    assert memo[1] == 2 and llamadas[-1] == 1  # computed again
    assert memo.get(9) is None and 9 not in memo  # get does not compute
