"""The results CSV of a cut, deflated in blocks kept between cuts, and the zip that holds it. Pure.

The rows of an election are deflated in blocks of `BLOQUE_CSV` *expected* actas (fixed
boundaries in catalog order, so a newly verified acta changes one block only), each block an
independent raw deflate segment. A block's record (`Bloque`: its actas' positions and keys, and
per variant its size, CRC-32 and segment) is what the publisher keeps between cuts, not the rows'
text: a block with a changed acta is rebuilt from the previous segment (inflated and split into
rows) plus the rows rendered anew. The CSV's CRC-32 is combined from the blocks' CRCs
(`unir_crc`), so the whole CSV never exists in memory; the member's bytes are exactly what
`ine_csv.escribir_desde_tabla` writes from the same rows (`test_csvzip` checks it).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ople.ley import tally
from ople.prep import ine_csv

BLOQUE_CSV = 32

Segmento = tuple[int, int, bytes]  # (bytes, CRC-32, raw deflate segment)


def deflate(datos: bytes) -> bytes:
    """A raw deflate segment (level 1) ending byte-aligned and not final: segments produced
    independently concatenate into one stream (closed by `FIN_DEFLATE`)."""
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    return c.compress(datos) + c.flush(zlib.Z_SYNC_FLUSH)


FIN_DEFLATE = zlib.compressobj(1, zlib.DEFLATED, -15).flush()  # an empty final block


def inflar(segmento: bytes) -> bytes:
    return zlib.decompressobj(-15).decompress(segmento)


_CEROS = bytes(1 << 16)
_CRC_CEROS: dict[int, int] = {}


def _crc_ceros(n: int, crc: int) -> int:
    """zlib.crc32 of n zero bytes from `crc`."""
    while n > len(_CEROS):
        crc = zlib.crc32(_CEROS, crc)
        n -= len(_CEROS)
    return zlib.crc32(memoryview(_CEROS)[:n], crc)


def unir_crc(crc1: int, crc2: int, n2: int) -> int:
    """The CRC-32 of A+B from crc32(A), crc32(B) and len(B): the CRC is affine in its initial
    value, so crc32(B, c) = crc32(B) ^ crc32(0ⁿ, c) ^ crc32(0ⁿ)."""
    if n2 == 0:
        return crc1
    base = _CRC_CEROS.get(n2)
    if base is None:
        if len(_CRC_CEROS) > 4096:
            _CRC_CEROS.clear()
        base = _CRC_CEROS[n2] = _crc_ceros(n2, 0)
    return crc2 ^ _crc_ceros(n2, crc1) ^ base


@dataclass(frozen=True, slots=True)
class Bloque:
    """One CSV block of an election as published: the positions (in the election's expected
    actas) and keys of its registered actas, and per variant its segment."""

    clave: str
    posiciones: tuple[int, ...]
    claves: tuple[str, ...]
    segmentos: dict[str, Segmento]


def por_renderizar(
    bloques: Sequence[tuple[int, int, str]],
    posiciones: Sequence[int],
    claves: Sequence[str],
    previos: dict[int, Bloque],
) -> list[int]:
    """The registered actas (indexes into `posiciones`/`claves`) whose row must be rendered:
    those of a changed block that the previous block did not hold with the same key."""
    faltan: list[int] = []
    for i, j, k in bloques:
        prev = previos.get(posiciones[i] // BLOQUE_CSV)
        if prev is not None and prev.clave == k:
            continue
        conocidas = dict(zip(prev.posiciones, prev.claves, strict=True)) if prev else {}
        faltan.extend(x for x in range(i, j) if conocidas.get(posiciones[x]) != claves[x])
    return faltan


def _fin(fmt: ine_csv.FormatoCsv) -> tuple[str, bytes]:
    cod = "utf-8" if fmt.codificacion == "utf-8-sig" else fmt.codificacion
    return cod, fmt.fin_de_linea.encode(cod)


def bloques_csv(
    *,
    variantes: Sequence[str],
    bloques: Sequence[tuple[int, int, str]],
    posiciones: Sequence[int],
    claves: Sequence[str],
    previos: dict[int, Bloque],
    nuevas: dict[str, dict[int, str]],
) -> dict[int, Bloque]:
    """This cut's blocks: a block whose key did not change is the previous one; any other is
    built from the rows rendered anew (`nuevas`: variant -> index -> row) and the previous
    block's rows of unchanged actas."""
    salida: dict[int, Bloque] = {}
    for i, j, k in bloques:
        b = posiciones[i] // BLOQUE_CSV
        prev = previos.get(b)
        if prev is not None and prev.clave == k:
            salida[b] = prev
            continue
        segmentos: dict[str, Segmento] = {}
        for v in variantes:
            cod, fin = _fin(ine_csv.FORMATOS[v])
            viejas: dict[tuple[int, str], bytes] = {}
            if prev is not None and v in prev.segmentos:
                lineas = inflar(prev.segmentos[v][2]).split(fin)
                if len(lineas) != len(prev.posiciones) + 1 or lineas[-1]:
                    raise RuntimeError(f"bloque {b} del CSV ({v}) no coincide con sus actas")
                viejas = dict(
                    zip(zip(prev.posiciones, prev.claves, strict=True), lineas[:-1], strict=True)
                )
            filas = nuevas[v]
            partes = []
            for x in range(i, j):
                nueva = filas.get(x)
                if nueva is not None:
                    partes.append(nueva.encode(cod))
                else:
                    partes.append(viejas[(posiciones[x], claves[x])] + fin)
            datos = b"".join(partes)
            segmentos[v] = (len(datos), zlib.crc32(datos), deflate(datos))
        salida[b] = Bloque(k, tuple(posiciones[i:j]), tuple(claves[i:j]), segmentos)
    return salida


def miembro_csv(
    *,
    formato: ine_csv.FormatoCsv,
    variante: str,
    eleccion: str,
    corte: str,
    columnas: Sequence[str],
    encabezado: tally.Encabezado,
    bloques: Sequence[Bloque],
) -> tuple[int, int, bytes]:
    """(size, CRC-32, deflate stream) of a results CSV: the header, the blocks, the end; the
    bytes `ine_csv.escribir_desde_tabla` writes."""
    cod, fin = _fin(formato)
    cabecera = ine_csv.cabecera_resultados(
        formato=formato, eleccion=eleccion, corte=corte, columnas=columnas, encabezado=encabezado
    ).encode(cod)
    if formato.codificacion == "utf-8-sig":
        cabecera = b"\xef\xbb\xbf" + cabecera
    n, crc = len(cabecera), zlib.crc32(cabecera)
    segmentos = [deflate(cabecera)]
    for bl in bloques:
        m, c, s = bl.segmentos[variante]
        crc = unir_crc(crc, c, m)
        n += m
        segmentos.append(s)
    if formato.linea_final_vacia:
        crc = zlib.crc32(fin, crc)
        n += len(fin)
        segmentos.append(deflate(fin))
    segmentos.append(FIN_DEFLATE)
    return n, crc, b"".join(segmentos)


Miembro = tuple[str, int, int, bytes]  # (name, size, CRC-32, deflate stream)


def miembro(nombre: str, datos: bytes) -> Miembro:
    return nombre, len(datos), zlib.crc32(datos), deflate(datos) + FIN_DEFLATE


def zip_bytes(miembros: list[tuple[str, bytes]], fecha: datetime) -> bytes:
    return zip_deflactado([miembro(n, d) for n, d in miembros], fecha)


def zip_deflactado(miembros: list[Miembro], fecha: datetime) -> bytes:
    """A zip of already deflated members, written by hand so that segments can be reused.
    Members past 4 GiB (ZIP64) are inflated again and go through `zipfile`."""
    if any(n >= 0xFFFFFFFF for _, n, _, _ in miembros):
        return _zip_zipfile(
            [(nombre, zlib.decompressobj(-15).decompress(c)) for nombre, _, _, c in miembros],
            fecha,
        )
    t = fecha.timetuple()
    hora = (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2)
    dia = ((max(t.tm_year, 1980) - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday
    salida = bytearray()
    central = bytearray()
    for nombre, tam, crc, comp in miembros:
        n = nombre.encode("utf-8")
        bandera = 0 if n.isascii() else 0x800
        comun = struct.pack("<HHHHIIIH", bandera, 8, hora, dia, crc, len(comp), tam, len(n))
        desplazamiento = len(salida)
        salida += struct.pack("<IH", 0x04034B50, 20) + comun + b"\0\0" + n
        salida += comp
        central += struct.pack("<IHH", 0x02014B50, 0x0314, 20) + comun
        central += struct.pack("<HHHHII", 0, 0, 0, 0, 0o100644 << 16, desplazamiento) + n
    inicio = len(salida)
    salida += central
    k = len(miembros)
    salida += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, k, k, len(central), inicio, 0)
    return bytes(salida)


def _zip_zipfile(miembros: list[tuple[str, bytes]], fecha: datetime) -> bytes:
    buf = io.BytesIO()
    dt = fecha.timetuple()[:6]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for nombre, datos in miembros:
            info = zipfile.ZipInfo(nombre, date_time=dt)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, datos, compresslevel=1)
    return buf.getvalue()
