"""The packages' section of a profile (``[paquetes]``): delivery deadlines by casilla location.

Pure module (no Django), registered with ``ople.profiles`` when imported (the app's
``AppConfig.ready`` imports it); read back with ``de(perfil)``. Every value is law to be confirmed
(legal.md §5, [G]): the profile carries it with its legal basis and a ``verificado`` flag a lawyer
sets once the CEEA text in force has been read. ``plazo_de`` computes a package's expected
arrival with ``ople.ley.plazos`` (hours of an electoral matter during the process run moment to
moment).

    [paquetes]
    fundamento = "LGIPE art. 299.1 (el CEEA lo replica, a confirmar)"
    verificado = false
    cabecera_horas = 2      # «de inmediato»: cuántas horas se entienden por inmediato
    urbana_horas = 12
    rural_horas = 24
    cierre_votacion = "18:00"  # hora de cierre de la votación cuando no hay evento de clausura
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final, Literal

from ople.ley import plazos
from ople.profiles.schema import Lector, Perfil, registrar_seccion, seccion_de

SECCION: Final = "paquetes"
Ubicacion = Literal["CABECERA", "URBANA", "RURAL"]
UBICACIONES: Final[tuple[Ubicacion, ...]] = ("CABECERA", "URBANA", "RURAL")


@dataclass(frozen=True)
class SeccionPaquetes:
    fundamento: str
    verificado: bool
    horas: Mapping[str, int]  # CABECERA / URBANA / RURAL -> hours after the casilla's closing
    cierre_votacion: time  # local time the vote closes, when no closing event was recorded


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionPaquetes:
    conocidas = {
        "fundamento",
        "verificado",
        "cabecera_horas",
        "urbana_horas",
        "rural_horas",
        "cierre_votacion",
    }
    sobrantes = sorted(set(datos) - conocidas)
    if sobrantes:
        raise lee.error(f"paquetes.{sobrantes[0]}", "clave desconocida")
    horas: dict[str, int] = {
        u: lee.entero(datos, f"paquetes.{u.lower()}_horas", 0) for u in UBICACIONES
    }
    if not horas["CABECERA"] <= horas["URBANA"] <= horas["RURAL"]:
        raise lee.error(
            "paquetes.cabecera_horas", "los plazos deben crecer de cabecera a urbana a rural"
        )
    texto = lee.texto(datos, "paquetes.cierre_votacion", "18:00")
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", texto):
        raise lee.error("paquetes.cierre_votacion", "debe ser una hora HH:MM, p. ej. 18:00")
    return SeccionPaquetes(
        fundamento=lee.texto(datos, "paquetes.fundamento"),
        verificado=lee.booleano(datos, "paquetes.verificado"),
        horas=horas,
        cierre_votacion=time.fromisoformat(texto),
    )


registrar_seccion(SECCION, leer)


def de(perfil: Perfil) -> SeccionPaquetes:
    return seccion_de(perfil, SECCION, SeccionPaquetes)


def periodo(perfil: Perfil, jornada: date) -> plazos.Periodo:
    """The process's days (from the profile; at least the jornada and the week after it)."""
    if perfil.periodo_proceso is not None and perfil.periodo_proceso.contiene(jornada):
        return perfil.periodo_proceso
    return plazos.Periodo(jornada, jornada + timedelta(days=7))


def plazo_de(perfil: Perfil, *, ubicacion: str, cierre: datetime | None, jornada: date) -> datetime:
    """The first moment a package is late: the casilla's closing (or the profile's closing time
    of the vote on the jornada) plus the hours of its location, moment to moment.

    A rural casilla that closed on Sunday 2 June 2024 at 21:40 (UTC-6) with 24 hours: Monday 3
    June at 21:40.
    """
    seccion = de(perfil)
    if cierre is None:
        cierre = datetime.combine(jornada, seccion.cierre_votacion, tzinfo=perfil.zona)
    return plazos.vence_en_horas(
        perfil.calendario,
        cierre,
        seccion.horas[ubicacion],
        materia="electoral",
        proceso=periodo(perfil, jornada),
    )
