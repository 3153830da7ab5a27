"""Factories for tests: a catalog built piece by piece with sensible defaults.

Plain functions with keyword arguments; each creates one row (and what it needs, when not
given) and returns it. Tests use these instead of writing the catalog's tables by hand, so a
change in the catalog's models is made here once. The defaults are an Aguascalientes-shaped
local process of 2023-2024.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from .models import (
    Casilla,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Eleccion,
    Entidad,
    Municipio,
    OpcionBoleta,
    Partido,
    ProcesoElectoral,
    Seccion,
)


def entidad(*, clave: int = 1, nombre: str = "Aguascalientes", abreviatura: str = "AGS") -> Entidad:
    return Entidad.objects.create(clave=clave, nombre=nombre, abreviatura=abreviatura)


def municipio(*, entidad: Entidad, clave: int = 1, nombre: str = "Aguascalientes") -> Municipio:
    return Municipio.objects.create(entidad=entidad, clave=clave, nombre=nombre)


def distrito_federal(*, entidad: Entidad, numero: int = 1, cabecera: str = "") -> DistritoFederal:
    return DistritoFederal.objects.create(entidad=entidad, numero=numero, cabecera=cabecera)


def distrito_local(*, entidad: Entidad, numero: int = 1, cabecera: str = "") -> DistritoLocal:
    return DistritoLocal.objects.create(entidad=entidad, numero=numero, cabecera=cabecera)


def proceso(
    *,
    entidad: Entidad,
    clave: str = "2023-2024",
    nombre: str = "Proceso Electoral Local 2023-2024",
    fecha_jornada: date = date(2024, 6, 2),
    perfil: str = "ieeags-2024",
    activo: bool = True,
) -> ProcesoElectoral:
    return ProcesoElectoral.objects.create(
        entidad=entidad,
        clave=clave,
        nombre=nombre,
        fecha_jornada=fecha_jornada,
        perfil=perfil,
        activo=activo,
    )


def eleccion(
    *,
    proceso: ProcesoElectoral,
    tipo: str = Eleccion.Tipo.DIPUTACIONES,
    nombre: str = "DIPUTACIONES LOCALES",
    orden: int = 0,
) -> Eleccion:
    return Eleccion.objects.create(proceso=proceso, tipo=tipo, nombre=nombre, orden=orden)


def demarcacion(
    *,
    eleccion: Eleccion,
    clave: int = 1,
    nombre: str | None = None,
    distrito_local: DistritoLocal | None = None,
    municipio: Municipio | None = None,
) -> Demarcacion:
    """A district of the election when `distrito_local` is given, else a municipio."""
    if distrito_local is not None:
        tipo = Demarcacion.Tipo.DISTRITO_LOCAL
        nombre = nombre if nombre is not None else f"Distrito {clave}"
    else:
        tipo = Demarcacion.Tipo.MUNICIPIO
        nombre = nombre if nombre is not None else (municipio.nombre if municipio else "")
    return Demarcacion.objects.create(
        eleccion=eleccion,
        tipo=tipo,
        clave=clave,
        nombre=nombre,
        distrito_local=distrito_local,
        municipio=municipio,
    )


def seccion(
    *,
    numero: int,
    municipio: Municipio,
    distrito_local: DistritoLocal,
    distrito_federal: DistritoFederal,
    **campos: Any,
) -> Seccion:
    return Seccion.objects.create(
        entidad=municipio.entidad,
        numero=numero,
        municipio=municipio,
        distrito_local=distrito_local,
        distrito_federal=distrito_federal,
        **campos,
    )


def casilla(
    *, seccion: Seccion, tipo: str = "B", id_casilla: int = 1, ext_contigua: int = 0, **campos: Any
) -> Casilla:
    """A casilla; its clave is formed from the sección and its identifiers unless given."""
    campos.setdefault(
        "clave",
        Casilla.formar_clave(seccion.entidad.clave, seccion.numero, tipo, id_casilla, ext_contigua),
    )
    return Casilla.objects.create(
        seccion=seccion, tipo=tipo, id_casilla=id_casilla, ext_contigua=ext_contigua, **campos
    )


def partido(
    *, proceso: ProcesoElectoral, siglas: str, orden: int, nombre: str | None = None, **campos: Any
) -> Partido:
    return Partido.objects.create(
        proceso=proceso, siglas=siglas, nombre=nombre or siglas, orden=orden, **campos
    )


def opcion(
    *,
    eleccion: Eleccion,
    columna: str,
    orden: int,
    tipo: str = OpcionBoleta.Tipo.PARTIDO,
    partidos: Sequence[Partido] = (),
    **campos: Any,
) -> OpcionBoleta:
    """A ballot column; a party's column is tied to the parties given."""
    op = OpcionBoleta.objects.create(
        eleccion=eleccion, tipo=tipo, columna=columna, orden=orden, **campos
    )
    if partidos:
        op.partidos.set(partidos)
    return op
