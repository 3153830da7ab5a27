"""The results CSV in blocks kept between cuts: the zip member is exactly what
ine_csv.escribir_desde_tabla writes from the same rows, cut after cut, in both variants."""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from datetime import datetime

from ople.ley import tally
from ople.prep import ine_csv
from ople.prep.publish import agregados, csvzip


def test_unir_crc():
    rnd = random.Random(1)
    for _ in range(200):
        a = rnd.randbytes(rnd.randint(0, 3000))
        b = rnd.randbytes(rnd.choice((0, 1, 7, 4096, 70_000)))
        assert csvzip.unir_crc(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_bloques_como_escribir_desde_tabla():
    rnd = random.Random(2)
    n = 200  # expected actas
    columnas = ("CLAVE_ACTA", "OBSERVACIONES", "PAN")
    votos = ("PAN",)
    previos: dict[int, csvzip.Bloque] = {}
    estado: dict[int, tuple[str, str]] = {}  # position -> (key, observation)
    for corte in range(5):
        for p in rnd.sample(range(n), 40 if corte == 0 else 6):
            estado[p] = (f"k{p}:{corte}", rnd.choice(("", "ILEGIBLE", "ñandú, sí")))
        if corte == 3:
            for p in rnd.sample(sorted(estado), 3):
                del estado[p]  # back to not verified
        posiciones = sorted(estado)
        claves = [estado[p][0] for p in posiciones]
        filas = [[f"A{p}", estado[p][1], p % 50] for p in posiciones]
        bloques = []
        i = 0
        while i < len(posiciones):
            j = i + 1
            while j < len(posiciones) and posiciones[j] // 32 == posiciones[i] // 32:
                j += 1
            bloques.append((i, j, agregados.clave(*claves[i:j])))
            i = j
        faltan = csvzip.por_renderizar(bloques, posiciones, claves, previos)
        nuevas = {
            v: dict(
                zip(
                    faltan,
                    ine_csv.renderizar_filas(
                        [filas[x] for x in faltan], columnas=columnas, formato=ine_csv.FORMATOS[v]
                    ),
                    strict=True,
                )
            )
            for v in ("A", "B")
        }
        previos = csvzip.bloques_csv(
            variantes=("A", "B"),
            bloques=bloques,
            posiciones=posiciones,
            claves=claves,
            previos=previos,
            nuevas=nuevas,
        )
        tabla = tally.TablaActas.desde_arreglos(
            votos,
            votos=[[f[2]] for f in filas],
            lista_nominal=[100] * len(filas),
            contabilizada=[True] * len(filas),
            en_catalogo=[True] * len(filas),
            inconsistente=[False] * len(filas),
            especial=[False] * len(filas),
        )
        enc = tabla.encabezado(actas_esperadas=n, corte_final=False)
        for v in ("A", "B"):
            fmt = ine_csv.FORMATOS[v]
            esperado = ine_csv.escribir_desde_tabla(
                formato=fmt,
                eleccion="GUBERNATURA",
                corte="03/06/2024 02:00 (UTC-6)",
                columnas=columnas,
                lineas=ine_csv.renderizar_filas(filas, columnas=columnas, formato=fmt),
                tabla=tabla,
                actas_esperadas=n,
                corte_final=False,
            )
            tam, crc, comp = csvzip.miembro_csv(
                formato=fmt,
                variante=v,
                eleccion="GUBERNATURA",
                corte="03/06/2024 02:00 (UTC-6)",
                columnas=columnas,
                encabezado=enc,
                bloques=[previos[b] for b in sorted(previos)],
            )
            assert zlib.decompress(comp, -15) == esperado
            assert (tam, crc) == (len(esperado), zlib.crc32(esperado))
            datos = csvzip.zip_deflactado([("x.csv", tam, crc, comp)], datetime(2024, 6, 3))
            with zipfile.ZipFile(io.BytesIO(datos)) as z:
                assert z.testzip() is None and z.read("x.csv") == esperado
