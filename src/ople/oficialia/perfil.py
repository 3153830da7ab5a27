"""The ``[oficialia]`` section of a profile: the lead times the institute requires of requests
to the Coordinación de Informática. Pure (no Django); a profile without the section gets the
defaults, which are the memorandum of June 2023 (shared/seed, report of the Comisión de
Tecnologías: "con un mes de anticipación en caso de desarrollo de aplicaciones y sistemas, y de
quince días de anticipación en caso de apoyo para eventos, foros y concursos").

    [oficialia]
    anticipacion_sistemas_meses = 1
    anticipacion_eventos_dias = 15
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ople.profiles.schema import Lector, Perfil, registrar_seccion

SECCION: Final = "oficialia"


@dataclass(frozen=True)
class SeccionOficialia:
    anticipacion_sistemas_meses: int = 1
    anticipacion_eventos_dias: int = 15


POR_OMISION: Final = SeccionOficialia()


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionOficialia:
    sobrantes = sorted(set(datos) - {"anticipacion_sistemas_meses", "anticipacion_eventos_dias"})
    if sobrantes:
        raise lee.error("oficialia", f"claves desconocidas: {', '.join(sobrantes)}")
    return SeccionOficialia(
        anticipacion_sistemas_meses=lee.entero(
            datos, "oficialia.anticipacion_sistemas_meses", 0, 1
        ),
        anticipacion_eventos_dias=lee.entero(datos, "oficialia.anticipacion_eventos_dias", 0, 15),
    )


def de(perfil: Perfil) -> SeccionOficialia:
    valor = perfil.secciones.get(SECCION)
    return valor if isinstance(valor, SeccionOficialia) else POR_OMISION


registrar_seccion(SECCION, leer)
