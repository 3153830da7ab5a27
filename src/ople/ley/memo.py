"""A bounded per-process memo for values a cut computes again and again (escaped labels, JSON
strings, printed times, percentages). Pure: no Django."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class MemoAcotado(dict[K, V]):
    """`memo[k]` is `f(k)`, computed on the first lookup and kept; when `limite` values are
    kept the memo is emptied before the next one is added, so it never grows past `limite`.
    A hit costs one dict lookup (`__missing__` runs only on a miss)."""

    __slots__ = ("_f", "_limite")

    def __init__(self, f: Callable[[K], V], limite: int) -> None:
        super().__init__()
        self._f = f
        self._limite = limite

    def __missing__(self, k: K) -> V:
        if len(self) >= self._limite:
            self.clear()
        v = self[k] = self._f(k)
        return v
