"""Official place catalogs for the place search (pure: no Django).

Two catalogs ship in ``data/`` (provenance and licence in ``data/README.md``):

* INEGI localidades (Censo 2020 ITER, 1,000 inhabitants or more) with the localidad's
  reference point: a localidad is located by point in sección.
* SEPOMEX asentamientos (colonias, fraccionamientos…) with postal code, municipio and ciudad,
  **without coordinates**: a colonia is located only through an INEGI localidad of the same name
  and municipio, or by the casillas whose address names it (done by the caller).

Names are compared after :func:`normalizar` (no accents, lower case, single spaces).
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "Asentamiento",
    "Localidad",
    "asentamientos",
    "buscar_asentamientos",
    "buscar_localidades",
    "localidad_homonima",
    "localidades",
    "normalizar",
]

DATOS = Path(__file__).with_name("data")
_ARTICULOS = ("los ", "las ", "el ", "la ")


def normalizar(texto: str) -> str:
    """Lower case, no accents, single spaces: 'Jesús  María' -> 'jesus maria'."""
    sin = unicodedata.normalize("NFKD", texto)
    sin = "".join(ch for ch in sin if not unicodedata.combining(ch))
    return " ".join(sin.casefold().split())


def _sin_articulo(texto: str) -> str:
    for a in _ARTICULOS:
        if texto.startswith(a):
            return texto[len(a) :]
    return texto


@dataclass(frozen=True, slots=True)
class Localidad:
    cvegeo: str
    nombre: str
    municipio_clave: int
    municipio: str
    ambito: str  # "U" urbana, "R" rural
    latitud: float
    longitud: float
    poblacion: int


@dataclass(frozen=True, slots=True)
class Asentamiento:
    codigo_postal: str
    nombre: str
    municipio: str
    ciudad: str
    zona: str


@cache
def localidades(entidad: int = 1) -> tuple[Localidad, ...]:
    ruta = DATOS / f"localidades_inegi_{entidad:02d}.csv"
    if not ruta.is_file():
        return ()
    with ruta.open(encoding="utf-8", newline="") as f:
        return tuple(
            Localidad(
                cvegeo=r["CVEGEO"],
                nombre=r["NOM_LOC"],
                municipio_clave=int(r["CVE_MUN"]),
                municipio=r["NOM_MUN"],
                ambito=r["AMBITO"],
                latitud=float(r["LATITUD"]),
                longitud=float(r["LONGITUD"]),
                poblacion=int(r["POBTOT"]),
            )
            for r in csv.DictReader(f)
        )


@cache
def asentamientos(entidad: int = 1) -> tuple[Asentamiento, ...]:
    ruta = DATOS / f"asentamientos_sepomex_{entidad:02d}.csv"
    if not ruta.is_file():
        return ()
    with ruta.open(encoding="utf-8", newline="") as f:
        return tuple(
            Asentamiento(
                codigo_postal=r["D_CODIGO"],
                nombre=r["D_ASENTA"],
                municipio=r["D_MNPIO"],
                ciudad=r["D_CIUDAD"],
                zona=r["D_ZONA"],
            )
            for r in csv.DictReader(f)
        )


def _coincide(q: str, nombre: str) -> bool:
    return q in normalizar(nombre)


def _orden(q: str, nombre: str) -> tuple[int, str]:
    """Exact names first, then names that start with the text, then the rest, alphabetical."""
    n = normalizar(nombre)
    if n == q or _sin_articulo(n) == _sin_articulo(q):
        return 0, n
    if n.startswith(q) or _sin_articulo(n).startswith(q):
        return 1, n
    return 2, n


def buscar_localidades(texto: str, entidad: int = 1) -> list[Localidad]:
    q = normalizar(texto)
    if len(q) < 2:
        return []
    hallados = [loc for loc in localidades(entidad) if _coincide(q, loc.nombre)]
    return sorted(hallados, key=lambda loc: (_orden(q, loc.nombre), loc.cvegeo))


def buscar_asentamientos(texto: str, entidad: int = 1) -> list[Asentamiento]:
    q = normalizar(texto)
    if len(q) < 2:
        return []
    hallados = [a for a in asentamientos(entidad) if _coincide(q, a.nombre)]
    return sorted(hallados, key=lambda a: (_orden(q, a.nombre), a.codigo_postal))


def localidad_homonima(a: Asentamiento, entidad: int = 1) -> Localidad | None:
    """The INEGI localidad of the same municipio whose name equals the asentamiento's
    (ignoring accents, case and a leading article: 'Los Pocitos' = 'Pocitos')."""
    nombre = _sin_articulo(normalizar(a.nombre))
    municipio = normalizar(a.municipio)
    for loc in localidades(entidad):
        if normalizar(loc.municipio) == municipio and _sin_articulo(normalizar(loc.nombre)) == (
            nombre
        ):
            return loc
    return None
