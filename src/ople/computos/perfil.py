"""The ``[computos]`` section of a profile: what the law leaves open for the cómputos (legal.md
§8), each setting with its legal basis. Pure (no Django); registered on import.

::

    [computos.recuento_total]
    base = "VOTACION_TOTAL_EMITIDA"        # or VOTACION_VALIDA_EMITIDA (legal.md §8.6)
    umbral_puntos = "1"                     # a fraction, "igual o menor" (LGIPE art. 311.1.d–e)
    excluir_ya_recontadas = true            # at the end of the cómputo (legal.md §1.4, [G])
    fundamento = "…"

    [computos.distribucion]
    desempate = "ORDEN_BOLETA"              # or ORDEN_CONVENIO (legal.md §8.4)
    fundamento = "…"

    [computos.planeacion]                   # a planning aid, not law (legal.md §1.5, §8.7)
    umbral_grupos = 20
    max_grupos = 5
    max_puntos_por_grupo = 8
    minutos_segmento = 30
    fundamento = "…"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from ople.ley.distribucion import DESEMPATE_ORDEN_BOLETA, REGLAS_DESEMPATE
from ople.ley.recuento import BASE_VTE, BASES_RECUENTO
from ople.profiles.schema import Lector, Perfil, registrar_seccion, seccion_de

SECCION: Final = "computos"


@dataclass(frozen=True)
class RecuentoTotal:
    base: str
    umbral_puntos: Fraction
    excluir_ya_recontadas: bool
    fundamento: str


@dataclass(frozen=True)
class Distribucion:
    desempate: str
    fundamento: str


@dataclass(frozen=True)
class Planeacion:
    umbral_grupos: int
    max_grupos: int
    max_puntos_por_grupo: int
    minutos_segmento: int
    fundamento: str


@dataclass(frozen=True)
class SeccionComputos:
    recuento_total: RecuentoTotal
    distribucion: Distribucion
    planeacion: Planeacion


DEFECTO: Final = SeccionComputos(
    RecuentoTotal(
        BASE_VTE,
        Fraction(1),
        True,
        "LGIPE art. 311.1 d) y e); Bases generales (RE, anexo 17); base por verificar (legal.md §8.6)",
    ),
    Distribucion(
        DESEMPATE_ORDEN_BOLETA,
        "LGIPE art. 311.1 c); desempate no previsto: orden en la boleta (legal.md §8.4)",
    ),
    Planeacion(20, 5, 8, 30, "Bases generales, fórmula de puntos de recuento (planeación, §1.5)"),
)


def _sin_sobrantes(lee: Lector, datos: Mapping[str, Any], clave: str, permitidas: set[str]) -> None:
    sobrantes = sorted(set(datos).difference(permitidas))
    if sobrantes:
        raise lee.error(clave, f"claves desconocidas: {', '.join(sobrantes)}")


def _fraccion(lee: Lector, datos: Mapping[str, Any], clave: str) -> Fraction:
    texto = lee.texto(datos, clave)
    try:
        valor = Fraction(texto)
    except (ValueError, ZeroDivisionError):
        raise lee.error(clave, 'debe ser un número exacto como texto, p. ej. "1" o "1/2"') from None
    if valor <= 0:
        raise lee.error(clave, "debe ser mayor que cero")
    return valor


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionComputos:
    _sin_sobrantes(lee, datos, "computos", {"recuento_total", "distribucion", "planeacion"})
    rt = lee.tabla(datos, "computos.recuento_total")
    _sin_sobrantes(
        lee,
        rt,
        "computos.recuento_total",
        {"base", "umbral_puntos", "excluir_ya_recontadas", "fundamento"},
    )
    di = lee.tabla(datos, "computos.distribucion")
    _sin_sobrantes(lee, di, "computos.distribucion", {"desempate", "fundamento"})
    pl = lee.tabla(datos, "computos.planeacion")
    _sin_sobrantes(
        lee,
        pl,
        "computos.planeacion",
        {"umbral_grupos", "max_grupos", "max_puntos_por_grupo", "minutos_segmento", "fundamento"},
    )
    return SeccionComputos(
        RecuentoTotal(
            lee.opcion(rt, "computos.recuento_total.base", sorted(BASES_RECUENTO)),
            _fraccion(lee, rt, "computos.recuento_total.umbral_puntos"),
            lee.booleano(rt, "computos.recuento_total.excluir_ya_recontadas"),
            lee.texto(rt, "computos.recuento_total.fundamento"),
        ),
        Distribucion(
            lee.opcion(di, "computos.distribucion.desempate", sorted(REGLAS_DESEMPATE)),
            lee.texto(di, "computos.distribucion.fundamento"),
        ),
        Planeacion(
            lee.entero(pl, "computos.planeacion.umbral_grupos", 0),
            lee.entero(pl, "computos.planeacion.max_grupos", 1),
            lee.entero(pl, "computos.planeacion.max_puntos_por_grupo", 1),
            lee.entero(pl, "computos.planeacion.minutos_segmento", 1),
            lee.texto(pl, "computos.planeacion.fundamento"),
        ),
    )


def de(perfil: Perfil) -> SeccionComputos:
    """The cómputos' section of ``perfil`` (``PerfilInvalido`` when the profile has none)."""
    return seccion_de(perfil, SECCION, SeccionComputos)


registrar_seccion(SECCION, leer)
