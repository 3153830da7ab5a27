"""`empalme.Empalme`: a string of items spliced from a previous one is the string joined from
nothing, and it records where each item starts."""

from __future__ import annotations

import random

import numpy as np
import pytest

from ople.publicacion import empalme


def _desde_cero(items: list[bytes], sep: bytes, prefijo: bytes, sufijo: bytes):
    e = empalme.Empalme(sep, prefijo=prefijo)
    for it in items:
        e.poner(it)
    return e.unir(sufijo), e.inicios()


@pytest.mark.parametrize("sep,prefijo,sufijo", [(b",", b"{", b"}"), (b",\n", b"", b"")])
@pytest.mark.parametrize("semilla", range(6))
def test_empalme_igual_a_unir_desde_cero(sep, prefijo, sufijo, semilla):
    rnd = random.Random(semilla)
    items = [f'"{i}":{"x" * rnd.randint(0, 5)}'.encode() for i in range(rnd.randint(1, 30))]
    datos, inicios = _desde_cero(items, sep, prefijo, sufijo)
    assert datos == prefijo + sep.join(items) + sufijo
    for it, a in zip(items, inicios.tolist(), strict=True):
        assert datos[a:].startswith(it)
    for _ in range(5):
        # a new list: some items kept (in runs), some new, some dropped
        nuevos: list[bytes] = []
        e = empalme.Empalme(
            sep, previo=datos, inicios=inicios, fin=len(datos) - len(sufijo), prefijo=prefijo
        )
        i = 0
        while i < len(items):
            j = min(len(items), i + rnd.randint(0, 4))
            e.copiar(i, j)
            nuevos += items[i:j]
            if rnd.random() < 0.5:
                nuevo = f'"n{rnd.random()}":1'.encode()
                e.poner(nuevo)
                nuevos.append(nuevo)
            i = j + (rnd.random() < 0.3)  # sometimes drop one
        datos, inicios = e.unir(sufijo), e.inicios()
        esperado, esperados = _desde_cero(nuevos, sep, prefijo, sufijo)
        assert datos == esperado
        assert np.array_equal(inicios, esperados)
        items = nuevos
