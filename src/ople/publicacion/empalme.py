"""A byte string of items joined by a separator, spliced from a previous one. Pure.

A cut rewrites some files (a distrito's JSON: one `"sección":{...}` item per sección) and
sections (the manifest's image list: one `"name": bytes` line per image) where only a few items
changed since the previous cut. `Empalme` makes the new bytes from runs of the previous
string's items (each run one slice of its bytes, never split item by item) and the new items,
and records where each item starts, which the next splice needs. The previous string is
described by its bytes, the offset of each item in them and where its last item ends; items
are joined by `sep` (so item i ends `len(sep)` bytes before item i + 1 starts).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Inicios = npt.NDArray[np.int64]
_NINGUNO: Inicios = np.zeros(0, dtype=np.int64)


class Empalme:
    """`prefijo + sep.join(items) + sufijo`, the items given in order by `copiar` (runs of the
    previous string's) and `poner` (new ones)."""

    __slots__ = ("_sep", "_vista", "_previos", "_fin", "_piezas", "_inicios", "_pos", "_prefijo")

    def __init__(
        self,
        sep: bytes,
        *,
        previo: bytes | memoryview = b"",
        inicios: Inicios = _NINGUNO,
        fin: int = 0,
        prefijo: bytes = b"",
    ) -> None:
        """`previo`: the previous string, its items starting at `inicios` (offsets in it), the
        last one ending at `fin`; `prefijo` goes before the first item of the new one."""
        self._sep = sep
        self._vista = memoryview(previo)
        self._previos = inicios
        self._fin = fin
        self._prefijo = prefijo
        self._piezas: list[bytes | memoryview] = []
        self._inicios: list[Inicios] = []
        self._pos = len(prefijo)  # where the next item starts in the new string

    def copiar(self, i: int, j: int) -> None:
        """The previous string's items i..j-1, as one slice of its bytes."""
        if j <= i:
            return
        previos = self._previos
        a = int(previos[i])
        b = int(previos[j]) - len(self._sep) if j < len(previos) else self._fin
        self._inicios.append(previos[i:j] + (self._pos - a))
        self._piezas.append(self._vista[a:b])
        self._pos += b - a + len(self._sep)

    def poner(self, item: bytes) -> None:
        """A new item."""
        self._inicios.append(np.array([self._pos], dtype=np.int64))
        self._piezas.append(item)
        self._pos += len(item) + len(self._sep)

    def inicios(self) -> Inicios:
        """Where each item starts in the new string (in the order given)."""
        return np.concatenate(self._inicios) if self._inicios else _NINGUNO.copy()

    def unir(self, sufijo: bytes = b"") -> bytes:
        """The new string: the prefix, the items joined by the separator, `sufijo`."""
        partes: list[bytes | memoryview] = [self._prefijo]
        sep = self._sep
        for k, pieza in enumerate(self._piezas):
            if k:
                partes.append(sep)
            partes.append(pieza)
        partes.append(sufijo)
        return b"".join(partes)
