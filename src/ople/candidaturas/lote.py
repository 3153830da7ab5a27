"""A whole slate from a spreadsheet (CSV in UTF-8, comma-separated, or an Excel workbook .xlsx,
its first sheet; told apart by the zip's magic bytes): parsed and checked. Pure.

One row per fórmula or list position; the columns (header row, any order):

    demarcacion, cargo, principio, posicion,
    curp, nombre, primer_apellido, segundo_apellido, fecha_nacimiento, genero,
    suplente_curp, suplente_nombre, suplente_primer_apellido, suplente_segundo_apellido,
    suplente_fecha_nacimiento, suplente_genero, accion_afirmativa

``demarcacion`` is the district's or municipality's number; ``principio`` MR or RP; ``genero``
M (mujer), H (hombre) or X (no binaria); dates as 1980-05-17 (in a workbook, a date cell too).
Every row's errors are collected, naming the row, the column's name and its letter in the sheet
("Fila 4, curp (columna E): …"), so the party sees them all in the review step before anything is
saved.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from ople.candidaturas import xlsx

OBLIGATORIAS: Final = (
    "demarcacion",
    "cargo",
    "curp",
    "nombre",
    "primer_apellido",
    "fecha_nacimiento",
    "genero",
)
COLUMNAS: Final = (
    "demarcacion",
    "cargo",
    "principio",
    "posicion",
    "curp",
    "nombre",
    "primer_apellido",
    "segundo_apellido",
    "fecha_nacimiento",
    "genero",
    "suplente_curp",
    "suplente_nombre",
    "suplente_primer_apellido",
    "suplente_segundo_apellido",
    "suplente_fecha_nacimiento",
    "suplente_genero",
    "accion_afirmativa",
)
CURP: Final = re.compile(r"[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d")
MAXIMO_FILAS: Final = 5000


@dataclass(frozen=True)
class DatosPersona:
    curp: str
    nombre: str
    primer_apellido: str
    segundo_apellido: str
    fecha_nacimiento: date
    genero: str


@dataclass(frozen=True)
class Fila:
    numero: int
    demarcacion: int
    cargo: str
    principio: str
    posicion: int
    propietario: DatosPersona
    suplente: DatosPersona | None
    accion_afirmativa: str


@dataclass
class Lote:
    filas: list[Fila] = field(default_factory=list)
    errores: list[str] = field(default_factory=list)


def _persona(
    fila: dict[str, str], prefijo: str, donde: Callable[[str], str], errores: list[str]
) -> DatosPersona | None:
    def v(c: str) -> str:
        return (fila.get(prefijo + c) or "").strip()

    curp = v("curp").upper()
    if prefijo and not curp:
        return None
    quien = "suplente" if prefijo else "propietario"
    antes = len(errores)
    if not CURP.fullmatch(curp):
        errores.append(f"{donde(prefijo + 'curp')}: «{curp}» no es una CURP válida ({quien}).")
    for c in ("nombre", "primer_apellido"):
        if not v(c):
            errores.append(f"{donde(prefijo + c)}: falta ({quien}).")
    try:
        nacimiento = date.fromisoformat(v("fecha_nacimiento"))
    except ValueError:
        errores.append(
            f"{donde(prefijo + 'fecha_nacimiento')}: «{v('fecha_nacimiento')}» no es una fecha "
            "como 1980-05-17."
        )
        nacimiento = date(1900, 1, 1)
    genero = v("genero").upper()
    if genero not in ("M", "H", "X"):
        errores.append(f"{donde(prefijo + 'genero')}: debe ser M, H o X ({quien}).")
    if len(errores) > antes:
        return None
    return DatosPersona(
        curp, v("nombre"), v("primer_apellido"), v("segundo_apellido"), nacimiento, genero
    )


def _tabla(contenido: bytes) -> tuple[list[str], list[tuple[int, list[str]]]] | str:
    """(header, [(row number, cells)]) of a CSV or a workbook's first sheet, or the error."""
    if xlsx.es_xlsx(contenido):
        try:
            hoja = xlsx.primera_hoja(contenido)
        except xlsx.XlsxInvalido as exc:
            return str(exc)
        if not hoja:
            return "La hoja no tiene encabezado."
        return hoja[0][1], hoja[1:]
    try:
        texto = contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        return (
            "El archivo no está en UTF-8: guárdelo como «CSV UTF-8» o como libro de Excel (.xlsx)."
        )
    filas = list(csv.reader(io.StringIO(texto)))
    if not filas:
        return "El archivo no tiene encabezado."
    return filas[0], [(n, f) for n, f in enumerate(filas[1:], start=2) if f]


def leer(contenido: bytes, *, acciones: frozenset[str] = frozenset()) -> Lote:
    lote = Lote()
    tabla = _tabla(contenido)
    if isinstance(tabla, str):
        lote.errores.append(tabla)
        return lote
    crudo, filas = tabla
    encabezado = [c.strip() for c in crudo]
    faltan = [c for c in OBLIGATORIAS if c not in encabezado]
    if faltan:
        lote.errores.append("Faltan columnas: " + ", ".join(faltan) + ".")
        return lote
    letras: dict[str, str] = {}
    for i, c in enumerate(encabezado):
        letras.setdefault(c, xlsx.letra(i))
    vistos: dict[tuple[int, str, str, int], int] = {}
    for k, (n, celdas) in enumerate(filas, start=1):
        if k > MAXIMO_FILAS:
            lote.errores.append(f"El archivo tiene más de {MAXIMO_FILAS} filas.")
            break
        fila = {c: (celdas[i] if i < len(celdas) else "") for i, c in enumerate(encabezado)}

        def donde(columna: str, n: int = n) -> str:
            letra = letras.get(columna)
            return f"Fila {n}, {columna}" + (f" (columna {letra})" if letra else "")

        errores: list[str] = []
        try:
            demarcacion = int((fila.get("demarcacion") or "").strip())
        except ValueError:
            errores.append(f"{donde('demarcacion')}: debe ser el número del distrito o municipio.")
            demarcacion = 0
        principio = (fila.get("principio") or "MR").strip().upper() or "MR"
        if principio not in ("MR", "RP"):
            errores.append(f"{donde('principio')}: debe ser MR o RP.")
        try:
            posicion = int((fila.get("posicion") or "1").strip() or "1")
            if posicion < 1:
                raise ValueError
        except ValueError:
            errores.append(f"{donde('posicion')}: debe ser un número de 1 en adelante.")
            posicion = 1
        cargo = (fila.get("cargo") or "").strip()
        if not cargo:
            errores.append(f"{donde('cargo')}: falta.")
        accion = (fila.get("accion_afirmativa") or "").strip().upper()
        if accion and accion not in acciones:
            errores.append(f"{donde('accion_afirmativa')}: «{accion}» no es una acción afirmativa.")
        propietario = _persona(fila, "", donde, errores)
        suplente = _persona(fila, "suplente_", donde, errores)
        lugar = (demarcacion, cargo, principio, posicion)
        if lugar in vistos:
            errores.append(f"Fila {n}: repite el lugar de la fila {vistos[lugar]}.")
        vistos[lugar] = n
        if errores or propietario is None:
            lote.errores += errores
            continue
        lote.filas.append(
            Fila(n, demarcacion, cargo, principio, posicion, propietario, suplente, accion)
        )
    if not lote.filas and not lote.errores:
        lote.errores.append("El archivo no tiene filas.")
    return lote
