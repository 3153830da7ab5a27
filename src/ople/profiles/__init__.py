"""Per-institute law as versioned data: ``data/<nombre>.toml`` validated into a ``Perfil``.

    from ople import profiles
    perfil = profiles.cargar("ieeags-2024")     # cached; PerfilInvalido on a bad file
    profiles.huella("ieeags-2024")              # SHA-256 of the file bytes (puesta en ceros)
    profiles.disponibles()                      # ("ieeags-2024", "ieqroo-2019")
    perfil.seccion("prep")                      # a system's section (typed: ople.prep.perfil.de)

This module imports no Django and no system: ``Perfil`` is the envelope (institute, entidad, time
zone, calendar, process); each system registers the parser of its own table
(``schema.registrar_seccion``). settings.OPLE_PROFILE names the active profile.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path

from ople.profiles.schema import Perfil, PerfilInvalido, perfil_desde_datos

DIRECTORIO = Path(__file__).resolve().parent / "data"

__all__ = ["DIRECTORIO", "Perfil", "PerfilInvalido", "cargar", "disponibles", "huella", "ruta"]


def disponibles() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DIRECTORIO.glob("*.toml")))


def ruta(nombre: str) -> Path:
    if nombre not in disponibles():
        raise PerfilInvalido(
            f"No existe el perfil {nombre!r}. Perfiles disponibles: {', '.join(disponibles())}"
        )
    return DIRECTORIO / f"{nombre}.toml"


def cargar_archivo(archivo: Path) -> Perfil:
    """Read and validate any profile file (used by tests and by ``cargar``)."""
    contenido = archivo.read_bytes()
    try:
        datos = tomllib.loads(contenido.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PerfilInvalido(
            f"Perfil {archivo.name}: el archivo no es TOML válido ({exc})"
        ) from None
    perfil = perfil_desde_datos(datos, origen=archivo.name)
    if perfil.nombre != archivo.stem:
        raise PerfilInvalido(
            f"Perfil {archivo.name}: «nombre» es {perfil.nombre!r} pero el archivo se llama {archivo.stem!r}"
        )
    return perfil


@cache
def cargar(nombre: str) -> Perfil:
    return cargar_archivo(ruta(nombre))


def huella(nombre: str) -> str:
    """SHA-256 (hex) of the profile file's bytes, for the puesta en ceros report."""
    return hashlib.sha256(ruta(nombre).read_bytes()).hexdigest()
