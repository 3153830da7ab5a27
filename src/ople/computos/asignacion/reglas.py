"""The allocation's parameters by their profile names, read from a TOML or JSON table (pure).

One reader for both places a parameter comes from: the profile's ``[asignacion.congreso]`` /
``[asignacion.ayuntamientos]`` and the ``reglas`` of an ``ople computos rp`` input, which
overrides the profile's by the same names. Fractions are written ``"3/100"`` (or ``"0.03"``);
an exact decimal from JSON (read with ``parse_float=Decimal``) is accepted too, never a float.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ople.ley.rp import (
    BASES,
    BASES_UMBRAL,
    COMPENSACIONES,
    DESEMPATES,
    REDONDEOS,
    EntradaInvalida,
    Reglas,
)

# name -> kind ("fraccion", "entero", "entero_o_nada", "booleano", "textos", or the options).
PARAMETROS: Final[Mapping[str, str | tuple[str, ...]]] = {
    "umbral": "fraccion",
    "base_umbral": BASES_UMBRAL,
    "distritos_minimos": "entero",
    "asignacion_directa": "booleano",
    "restar_votos_usados": "booleano",
    "base_cociente": BASES,
    "banda": "fraccion",
    "base_limites": BASES,
    "redondeo_tope": REDONDEOS,
    "redondeo_minimo": REDONDEOS,
    "tope_escanos": "entero_o_nada",
    "compensacion": COMPENSACIONES,
    "desempate": DESEMPATES,
    "orden_sorteo": "textos",
    "ganador_participa": "booleano",
}


def fraccion(valor: object, campo: str) -> Fraction:
    """``"3/100"``, ``"0.03"``, an int or an exact Decimal; never a float (nor a bool)."""
    if isinstance(valor, bool) or isinstance(valor, float):
        raise EntradaInvalida(campo, 'escriba la fracción como texto, p. ej. "3/100"')
    if isinstance(valor, int | Decimal):
        return Fraction(valor)
    if isinstance(valor, str):
        try:
            return Fraction(valor.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise EntradaInvalida(campo, f'no es una fracción válida: {valor!r} (p. ej. "3/100")')


def valor(nombre: str, dato: object, campo: str) -> object:
    """``dato`` checked and converted for parameter ``nombre`` (errors name ``campo``)."""
    tipo = PARAMETROS[nombre]
    if tipo == "fraccion":
        return fraccion(dato, campo)
    if tipo == "entero" or (tipo == "entero_o_nada" and dato is not None):
        if type(dato) is not int or dato < 0:
            raise EntradaInvalida(campo, "debe ser un número entero no negativo")
        return dato
    if tipo == "entero_o_nada":
        return None
    if tipo == "booleano":
        if not isinstance(dato, bool):
            raise EntradaInvalida(campo, "debe ser true o false")
        return dato
    if tipo == "textos":
        if not isinstance(dato, list) or not all(isinstance(x, str) and x for x in dato):
            raise EntradaInvalida(campo, "debe ser una lista de nombres de partido")
        return tuple(dato)
    assert isinstance(tipo, tuple)
    if dato not in tipo:
        raise EntradaInvalida(campo, f"debe ser uno de: {', '.join(tipo)}")
    return dato


def reglas_de(datos: Mapping[str, Any], base: Reglas, prefijo: str) -> Reglas:
    """``base`` with the parameters ``datos`` gives; unknown names are refused."""
    desconocidos = sorted(set(datos).difference(PARAMETROS))
    if desconocidos:
        raise EntradaInvalida(
            f"{prefijo}{desconocidos[0]}",
            f"parámetro desconocido (los hay: {', '.join(PARAMETROS)})",
        )
    cambios = {k: valor(k, v, f"{prefijo}{k}") for k, v in datos.items()}
    try:
        return replace(base, **cambios)  # type: ignore[arg-type]
    except EntradaInvalida as exc:  # Reglas' own checks (a band above 1…)
        raise EntradaInvalida(f"{prefijo}{exc.campo}", exc.mensaje) from None
