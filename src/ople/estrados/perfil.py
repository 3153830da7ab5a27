"""The ``[estrados]`` section of a profile: when an unopened electronic notice is deemed served
and which folio series notices and estrados use. Pure (no Django); every key has a default,
so a profile without the section works (docs/notificaciones.md).

    [estrados]
    tener_por_notificada_dias = 3   # business days after posting, if the addressee never opens it
    area_notificaciones = "SE"      # folio series of notices (Secretaría Ejecutiva)
    area_estrados = "DJ"            # folio series of the estrados (Dirección Jurídica)

The term is not verified in the CEEA or an IEE reglamento (legal.md §4.4 and §8 question 11):
three business days follows the usual pattern of electronic-notice rules (e.g. INE/CG139/2020
for the procedimientos ordinarios sancionadores) and must be confirmed before go-live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ople.profiles.schema import Lector, Perfil, registrar_seccion

SECCION: Final = "estrados"


@dataclass(frozen=True)
class SeccionEstrados:
    tener_por_notificada_dias: int = 3
    area_notificaciones: str = "SE"
    area_estrados: str = "DJ"


POR_OMISION: Final = SeccionEstrados()


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionEstrados:
    sobrantes = sorted(
        set(datos) - {"tener_por_notificada_dias", "area_notificaciones", "area_estrados"}
    )
    if sobrantes:
        raise lee.error("estrados", f"claves desconocidas: {', '.join(sobrantes)}")
    return SeccionEstrados(
        tener_por_notificada_dias=lee.entero(datos, "estrados.tener_por_notificada_dias", 0, 3),
        area_notificaciones=lee.texto(datos, "estrados.area_notificaciones", "SE"),
        area_estrados=lee.texto(datos, "estrados.area_estrados", "DJ"),
    )


def de(perfil: Perfil) -> SeccionEstrados:
    valor = perfil.secciones.get(SECCION)
    return valor if isinstance(valor, SeccionEstrados) else POR_OMISION


registrar_seccion(SECCION, leer)
