"""The input of ``ople computos rp ENTRADA.json`` (pure): JSON → ``Eleccion`` and ``Reglas``.

    {"organo": "congreso" | "ayuntamiento", "escanos": 27, "rp": 9,
     "votos": {"A": 232000, …}, "nulos": 18000, "no_registrados": 2000, "independientes": 5800,
     "mr": {"A": 12, …}, "mr_independientes": 0, "distritos_con_candidatura": {"A": 18, …},
     "ganador": "W", "municipio": "Calvillo", "reglas": {"umbral": "3/100", …}}

``reglas`` overrides the profile's parameters by their names (``reglas.PARAMETROS``). ``escanos``
and ``rp`` default to the profile's (the Congress's, or the cabildo of ``municipio``). Every error
is an ``EntradaInvalida`` naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ople.computos.asignacion.perfil import ORGANOS, Organo, SeccionAsignacion
from ople.computos.asignacion.reglas import PARAMETROS, reglas_de
from ople.ley.rp import Eleccion, EntradaInvalida, Reglas

CLAVES: Final = frozenset(
    {
        "organo",
        "escanos",
        "rp",
        "votos",
        "nulos",
        "no_registrados",
        "independientes",
        "mr",
        "mr_independientes",
        "distritos_con_candidatura",
        "ganador",
        "municipio",
        "reglas",
    }
)


@dataclass(frozen=True)
class Entrada:
    organo: str
    eleccion: Eleccion
    reglas: Reglas
    municipio: str | None


def _entero(datos: Mapping[str, Any], campo: str, defecto: int | None = None) -> int:
    valor = datos.get(campo, defecto)
    if type(valor) is not int or valor < 0:
        raise EntradaInvalida(campo, "debe ser un número entero no negativo")
    return valor


def _enteros(
    datos: Mapping[str, Any], campo: str, requerido: bool = False
) -> dict[str, int] | None:
    valor = datos.get(campo)
    if valor is None and not requerido:
        return None
    if not isinstance(valor, dict) or (requerido and not valor):
        raise EntradaInvalida(campo, 'debe ser un objeto {"PARTIDO": número, …}')
    for p, n in valor.items():
        if not p.strip():
            raise EntradaInvalida(campo, "un partido no tiene nombre")
        if type(n) is not int or n < 0:
            raise EntradaInvalida(f"{campo}.{p}", "debe ser un número entero no negativo")
    return dict(valor)


def leer_json(contenido: bytes) -> Any:
    try:
        return json.loads(contenido.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise EntradaInvalida("ENTRADA", "el archivo no está en UTF-8") from None
    except json.JSONDecodeError as exc:
        raise EntradaInvalida(
            "ENTRADA", f"no es JSON válido (línea {exc.lineno}, columna {exc.colno}: {exc.msg})"
        ) from None


def leer(datos: Any, seccion: SeccionAsignacion | None) -> Entrada:
    """Validate ``datos`` (parsed JSON) against the profile's section (None: no profile, every
    parameter from the file or the engine's neutral defaults — a published complete input)."""
    if not isinstance(datos, dict):
        raise EntradaInvalida("ENTRADA", "debe ser un objeto JSON")
    sobrantes = sorted(set(datos).difference(CLAVES))
    if sobrantes:
        raise EntradaInvalida(
            sobrantes[0], f"campo desconocido (los hay: {', '.join(sorted(CLAVES))})"
        )
    organo = datos.get("organo")
    if organo not in ORGANOS:
        raise EntradaInvalida("organo", f"debe ser uno de: {', '.join(ORGANOS)}")
    perfil_organo = seccion.organo(organo) if seccion else Organo(Reglas(), None, None, {})
    votos = _enteros(datos, "votos", requerido=True)
    assert votos is not None
    mr = _enteros(datos, "mr") or {}
    distritos = _enteros(datos, "distritos_con_candidatura")
    municipio = datos.get("municipio")
    escanos_def, rp_def = perfil_organo.escanos, perfil_organo.rp
    if municipio is not None:
        if organo != "ayuntamiento":
            raise EntradaInvalida("municipio", "solo para un ayuntamiento")
        if seccion is None or municipio not in seccion.cabildos:
            raise EntradaInvalida(
                "municipio",
                f"{municipio!r} no está en el perfil "
                f"(hay: {', '.join(seccion.cabildos) if seccion else 'ninguno'})",
            )
        cabildo = seccion.cabildos[municipio]
        rp_def = cabildo.rp
        escanos_def = cabildo.escanos if mr else None
    if "rp" not in datos and rp_def is None:
        raise EntradaInvalida("rp", "falta el número de escaños de representación proporcional")
    rp = _entero(datos, "rp", rp_def)
    escanos: int | None = None
    if "escanos" in datos:
        escanos = _entero(datos, "escanos")
    elif (organo == "congreso" and escanos_def is not None) or municipio is not None:
        escanos = escanos_def
    ganador = datos.get("ganador")
    if ganador is not None:
        if organo != "ayuntamiento":
            raise EntradaInvalida("ganador", "solo para un ayuntamiento (la planilla ganadora)")
        if not isinstance(ganador, str) or ganador not in votos:
            raise EntradaInvalida("ganador", "debe ser un partido de «votos»")
    reglas_t = datos.get("reglas", {})
    if not isinstance(reglas_t, dict):
        raise EntradaInvalida("reglas", 'debe ser un objeto {"parametro": valor, …}')
    reglas = reglas_de(reglas_t, perfil_organo.reglas, "reglas.")
    eleccion = Eleccion(
        rp=rp,
        votos=votos,
        escanos=escanos,
        nulos=_entero(datos, "nulos", 0),
        no_registrados=_entero(datos, "no_registrados", 0),
        independientes=_entero(datos, "independientes", 0),
        mr=mr,
        mr_independientes=_entero(datos, "mr_independientes", 0),
        distritos_con_candidatura=distritos,
        ganador=ganador,
    )
    eleccion.validar()
    return Entrada(organo, eleccion, reglas, municipio)


def _valor_json(v: object) -> object:
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    if isinstance(v, tuple):
        return list(v)
    return v


def completa(e: Entrada) -> dict[str, Any]:
    """The input with every figure and every rule explicit: re-running it needs no profile."""
    el = e.eleccion
    datos: dict[str, Any] = {
        "organo": e.organo,
        "escanos": el.tamano(),
        "rp": el.rp,
        "votos": dict(el.votos),
        "nulos": el.nulos,
        "no_registrados": el.no_registrados,
        "independientes": el.independientes,
        "mr": dict(el.mr),
        "mr_independientes": el.mr_independientes,
    }
    if el.distritos_con_candidatura is not None:
        datos["distritos_con_candidatura"] = dict(el.distritos_con_candidatura)
    if el.ganador is not None:
        datos["ganador"] = el.ganador
    datos["reglas"] = {k: _valor_json(getattr(e.reglas, k)) for k in PARAMETROS}
    return datos
