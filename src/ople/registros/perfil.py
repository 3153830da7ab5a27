"""The public registers' section of a profile (``[registros]``): permanence on the VPMRG register
and the deadlines of the sanctions the institute follows up.

Pure module (no Django). Registered with ``ople.profiles`` when imported (the app's ``ready``);
read back with ``de(perfil)``. Every setting is documented in docs/registros.md and ADR 0045.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, cast

from ople.ley.permanencia import CALIFICACIONES, INICIOS, InicioConteo, ReglasPermanencia
from ople.profiles.schema import Lector, Perfil, registrar_seccion, seccion_de

SECCION: Final = "registros"
TIPOS_SANCION: Final[tuple[str, ...]] = (
    "multa",
    "amonestacion_publica",
    "cancelacion_registro",
    "otra",
)


@dataclass(frozen=True)
class SeccionRegistros:
    permanencia: ReglasPermanencia
    fundamento_permanencia: str  # the legal basis, shown with the register
    # Business days a sanctioned party has to comply, per kind of sanction (0: no deadline).
    plazo_sancion_dias: Mapping[str, int]


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionRegistros:
    sobrantes = sorted(set(datos).difference({"permanencia", "sanciones"}))
    if sobrantes:
        raise lee.error("registros", f"claves desconocidas: {', '.join(sobrantes)}")
    per = lee.tabla(datos, "registros.permanencia")
    anios_t = lee.tabla(per, "registros.permanencia.anios")
    anios = {c: lee.entero(anios_t, f"registros.permanencia.anios.{c}", 1) for c in CALIFICACIONES}
    sobran = sorted(set(anios_t).difference(CALIFICACIONES))
    if sobran:
        raise lee.error(
            "registros.permanencia.anios", f"calificaciones desconocidas: {', '.join(sobran)}"
        )
    reglas = ReglasPermanencia(
        anios=MappingProxyType(anios),
        anios_reincidencia=lee.entero(per, "registros.permanencia.anios_reincidencia", 1),
        inicio=cast(InicioConteo, lee.opcion(per, "registros.permanencia.inicio", INICIOS)),
        tercio_servidor_publico=lee.booleano(
            per, "registros.permanencia.tercio_servidor_publico", False
        ),
    )
    san = lee.tabla(datos, "registros.sanciones")
    plazos_t = lee.tabla(san, "registros.sanciones.plazo_dias_habiles")
    plazos = {
        t: lee.entero(plazos_t, f"registros.sanciones.plazo_dias_habiles.{t}", 0, 0)
        for t in TIPOS_SANCION
    }
    return SeccionRegistros(
        permanencia=reglas,
        fundamento_permanencia=lee.texto(per, "registros.permanencia.fundamento"),
        plazo_sancion_dias=MappingProxyType(plazos),
    )


def de(perfil: Perfil) -> SeccionRegistros:
    return seccion_de(perfil, SECCION, SeccionRegistros)


registrar_seccion(SECCION, leer)
