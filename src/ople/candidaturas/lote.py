"""A whole slate from a spreadsheet (CSV, UTF-8, comma-separated): parsed and checked. Pure.

One row per fórmula or list position; the columns (header row, any order):

    demarcacion, cargo, principio, posicion,
    curp, nombre, primer_apellido, segundo_apellido, fecha_nacimiento, genero,
    suplente_curp, suplente_nombre, suplente_primer_apellido, suplente_segundo_apellido,
    suplente_fecha_nacimiento, suplente_genero, accion_afirmativa

``demarcacion`` is the district's or municipality's number; ``principio`` MR or RP; ``genero``
M (mujer), H (hombre) or X (no binaria); dates as 1980-05-17. Every row's errors are collected
(row number and column) so the party sees them all in the review step before anything is saved.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Final

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


def _persona(fila: dict[str, str], prefijo: str, n: int, errores: list[str]) -> DatosPersona | None:
    def v(c: str) -> str:
        return (fila.get(prefijo + c) or "").strip()

    curp = v("curp").upper()
    if prefijo and not curp:
        return None
    quien = "suplente" if prefijo else "propietario"
    antes = len(errores)
    if not CURP.fullmatch(curp):
        errores.append(f"Fila {n}, {prefijo}curp: «{curp}» no es una CURP válida ({quien}).")
    for c in ("nombre", "primer_apellido"):
        if not v(c):
            errores.append(f"Fila {n}, {prefijo}{c}: falta ({quien}).")
    try:
        nacimiento = date.fromisoformat(v("fecha_nacimiento"))
    except ValueError:
        errores.append(
            f"Fila {n}, {prefijo}fecha_nacimiento: «{v('fecha_nacimiento')}» no es una fecha "
            "como 1980-05-17."
        )
        nacimiento = date(1900, 1, 1)
    genero = v("genero").upper()
    if genero not in ("M", "H", "X"):
        errores.append(f"Fila {n}, {prefijo}genero: debe ser M, H o X ({quien}).")
    if len(errores) > antes:
        return None
    return DatosPersona(
        curp, v("nombre"), v("primer_apellido"), v("segundo_apellido"), nacimiento, genero
    )


def leer(contenido: bytes, *, acciones: frozenset[str] = frozenset()) -> Lote:
    lote = Lote()
    try:
        texto = contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        lote.errores.append("El archivo no está en UTF-8: guárdelo como «CSV UTF-8».")
        return lote
    lector = csv.DictReader(io.StringIO(texto))
    encabezado = [c.strip() for c in (lector.fieldnames or [])]
    faltan = [c for c in OBLIGATORIAS if c not in encabezado]
    if faltan:
        lote.errores.append("Faltan columnas: " + ", ".join(faltan) + ".")
        return lote
    lector.fieldnames = encabezado
    vistos: dict[tuple[int, str, str, int], int] = {}
    for n, fila in enumerate(lector, start=2):
        if n - 1 > MAXIMO_FILAS:
            lote.errores.append(f"El archivo tiene más de {MAXIMO_FILAS} filas.")
            break
        errores: list[str] = []
        try:
            demarcacion = int((fila.get("demarcacion") or "").strip())
        except ValueError:
            errores.append(f"Fila {n}, demarcacion: debe ser el número del distrito o municipio.")
            demarcacion = 0
        principio = (fila.get("principio") or "MR").strip().upper() or "MR"
        if principio not in ("MR", "RP"):
            errores.append(f"Fila {n}, principio: debe ser MR o RP.")
        try:
            posicion = int((fila.get("posicion") or "1").strip() or "1")
            if posicion < 1:
                raise ValueError
        except ValueError:
            errores.append(f"Fila {n}, posicion: debe ser un número de 1 en adelante.")
            posicion = 1
        cargo = (fila.get("cargo") or "").strip()
        if not cargo:
            errores.append(f"Fila {n}, cargo: falta.")
        accion = (fila.get("accion_afirmativa") or "").strip().upper()
        if accion and accion not in acciones:
            errores.append(f"Fila {n}, accion_afirmativa: «{accion}» no es una acción afirmativa.")
        propietario = _persona(fila, "", n, errores)
        suplente = _persona(fila, "suplente_", n, errores)
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
