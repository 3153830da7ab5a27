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

from ople.computos.asignacion import estatal
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
        "distritos",
    }
)
# With "distritos" (the distrital cómputos), the sum gives these: they may not be given too.
SUMADOS: Final = frozenset(
    {
        "votos",
        "nulos",
        "no_registrados",
        "independientes",
        "mr",
        "mr_independientes",
        "distritos_con_candidatura",
    }
)
CLAVES_DISTRITO: Final = frozenset(
    {
        "distrito",
        "votos",
        "nulos",
        "no_registrados",
        "independientes",
        "ganador",
        "gana_independiente",
        "candidaturas",
    }
)


@dataclass(frozen=True)
class Entrada:
    organo: str
    eleccion: Eleccion
    reglas: Reglas
    municipio: str | None


def _entero(
    datos: Mapping[str, Any], campo: str, defecto: int | None = None, prefijo: str = ""
) -> int:
    valor = datos.get(campo, defecto)
    if type(valor) is not int or valor < 0:
        raise EntradaInvalida(prefijo + campo, "debe ser un número entero no negativo")
    return valor


def _enteros(
    datos: Mapping[str, Any], campo: str, requerido: bool = False, prefijo: str = ""
) -> dict[str, int] | None:
    valor = datos.get(campo)
    if valor is None and not requerido:
        return None
    if not isinstance(valor, dict) or (requerido and not valor):
        raise EntradaInvalida(prefijo + campo, 'debe ser un objeto {"PARTIDO": número, …}')
    for p, n in valor.items():
        if not p.strip():
            raise EntradaInvalida(prefijo + campo, "un partido no tiene nombre")
        if type(n) is not int or n < 0:
            raise EntradaInvalida(f"{prefijo}{campo}.{p}", "debe ser un número entero no negativo")
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
    if "distritos" in datos:
        return _por_distritos(datos, organo, perfil_organo)
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


def _por_distritos(datos: Mapping[str, Any], organo: str, perfil_organo: Organo) -> Entrada:
    """The Congress from its distrital cómputos (``estatal.sumar``)."""
    if organo != "congreso":
        raise EntradaInvalida("distritos", "solo para el Congreso (cómputos distritales)")
    dobles = sorted(SUMADOS.intersection(datos))
    if dobles:
        raise EntradaInvalida(
            dobles[0], "con «distritos» las cifras estatales salen de la suma: no se dan aparte"
        )
    lista = datos["distritos"]
    if not isinstance(lista, list):
        raise EntradaInvalida("distritos", "debe ser una lista de cómputos distritales")
    computos = []
    for k, d in enumerate(lista):
        campo = f"distritos[{k}]"
        if not isinstance(d, dict):
            raise EntradaInvalida(campo, "debe ser un objeto")
        sobrantes = sorted(set(d).difference(CLAVES_DISTRITO))
        if sobrantes:
            raise EntradaInvalida(f"{campo}.{sobrantes[0]}", "campo desconocido")
        numero = d.get("distrito")
        if type(numero) is not int or numero < 1:
            raise EntradaInvalida(f"{campo}.distrito", "debe ser el número del distrito (1, 2, …)")
        campo = f"distritos[distrito {numero}]"
        votos = _enteros(d, "votos", requerido=True, prefijo=f"{campo}.")
        assert votos is not None
        candidaturas = d.get("candidaturas", list(votos))
        if not isinstance(candidaturas, list) or not all(isinstance(x, str) for x in candidaturas):
            raise EntradaInvalida(f"{campo}.candidaturas", "debe ser una lista de partidos")
        gana_ind = d.get("gana_independiente", False)
        if not isinstance(gana_ind, bool):
            raise EntradaInvalida(f"{campo}.gana_independiente", "debe ser true o false")
        ganador = d.get("ganador")
        if ganador is not None and not isinstance(ganador, str):
            raise EntradaInvalida(f"{campo}.ganador", "debe ser el nombre de un partido")
        computos.append(
            estatal.ComputoDistrital(
                distrito=numero,
                votos=votos,
                nulos=_entero(d, "nulos", 0, f"{campo}."),
                no_registrados=_entero(d, "no_registrados", 0, f"{campo}."),
                independientes=_entero(d, "independientes", 0, f"{campo}."),
                ganador=ganador,
                gana_independiente=gana_ind,
                candidaturas=frozenset(candidaturas),
            )
        )
    rp = _entero(datos, "rp", perfil_organo.rp)
    escanos = (
        _entero(datos, "escanos", perfil_organo.escanos)
        if ("escanos" in datos or perfil_organo.escanos is not None)
        else None
    )
    esperados = escanos - rp if escanos is not None else None
    eleccion = estatal.sumar(computos, rp=rp, distritos_esperados=esperados, escanos=escanos)
    reglas_t = datos.get("reglas", {})
    if not isinstance(reglas_t, dict):
        raise EntradaInvalida("reglas", 'debe ser un objeto {"parametro": valor, …}')
    reglas = reglas_de(reglas_t, perfil_organo.reglas, "reglas.")
    eleccion.validar()
    return Entrada(organo, eleccion, reglas, None)
