"""The profile's section ``[asignacion]``: the RP allocation's parameters, each with its legal basis.

Pure module (no Django). Registered with ``ople.profiles`` when imported (the computos app's
``AppConfig.ready`` imports it); read back with ``de(perfil)``. Layout::

    [asignacion]
    verificado_por = ""                 # who checked the values against the law in force (§0.2)

    [asignacion.congreso]               # legal.md §2.1
    escanos = 27
    rp = 9
    umbral = "3/100"                    # … every parameter of ople.computos.asignacion.reglas
    [asignacion.congreso.fundamento]    # one line per parameter given above: its legal basis
    umbral = "Art. 232 CEEA …"

    [asignacion.ayuntamientos]          # legal.md §2.2: the same parameters
    [asignacion.ayuntamientos.fundamento]
    [asignacion.ayuntamientos.cabildos.<municipio>]   # seats of each ayuntamiento
    escanos = 11
    rp = 4
    fundamento = "…"

Every parameter given must have its ``fundamento``: a value without a legal basis is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Final

from ople.computos.asignacion.reglas import reglas_de
from ople.ley.rp import EntradaInvalida, Reglas
from ople.ley.rp_personas import ReglasPersonas
from ople.profiles.schema import Lector, Perfil, registrar_seccion, seccion_de

SECCION: Final = "asignacion"
ORGANOS: Final[tuple[str, ...]] = ("congreso", "ayuntamiento")


@dataclass(frozen=True)
class Cabildo:
    municipio: str
    escanos: int  # the cabildo's size: presidencia, sindicaturas and regidurías
    rp: int  # RP regidurías
    fundamento: str


@dataclass(frozen=True)
class Organo:
    reglas: Reglas
    escanos: int | None  # the body's size (Congress: 27)
    rp: int | None  # RP seats (Congress: 9)
    fundamento: Mapping[str, str]  # parameter -> legal basis


@dataclass(frozen=True)
class SeccionAsignacion:
    nombre: str  # the profile's
    verificado_por: str  # empty: nobody has checked the values against the law in force
    congreso: Organo
    ayuntamiento: Organo
    cabildos: Mapping[str, Cabildo]
    personas: ReglasPersonas = ReglasPersonas()
    fundamento_personas: Mapping[str, str] = field(default_factory=dict)

    def organo(self, nombre: str) -> Organo:
        return self.congreso if nombre == "congreso" else self.ayuntamiento


def de(perfil: Perfil) -> SeccionAsignacion:
    """The allocation section of ``perfil`` (``PerfilInvalido`` when the profile has none)."""
    return seccion_de(perfil, SECCION, SeccionAsignacion)


def _organo(lee: Lector, datos: Mapping[str, Any], clave: str) -> Organo:
    t = dict(lee.tabla(datos, clave))
    fundamento_t = t.pop("fundamento", {})
    if not isinstance(fundamento_t, dict) or not all(
        isinstance(v, str) and v.strip() for v in fundamento_t.values()
    ):
        raise lee.error(f"{clave}.fundamento", "debe ser una tabla de textos no vacíos")
    cabildos = t.pop("cabildos", None)
    del cabildos  # read by _cabildos
    escanos = t.pop("escanos", None)
    rp = t.pop("rp", None)
    for nombre, n in (("escanos", escanos), ("rp", rp)):
        if n is not None and (type(n) is not int or n < 0):
            raise lee.error(f"{clave}.{nombre}", "debe ser un número entero no negativo")
    try:
        reglas = reglas_de(t, Reglas(), f"{clave}.")
    except EntradaInvalida as exc:
        raise lee.error(exc.campo, exc.mensaje) from None
    dados = [*t, *(["escanos"] if escanos is not None else []), *(["rp"] if rp is not None else [])]
    sin_fundamento = [k for k in dados if k not in fundamento_t]
    if sin_fundamento:
        raise lee.error(
            f"{clave}.fundamento",
            f"falta el fundamento legal de {', '.join(sin_fundamento)}",
        )
    sobrantes = sorted(set(fundamento_t).difference(dados))
    if sobrantes:
        raise lee.error(
            f"{clave}.fundamento", f"fundamento de parámetros que no se dan: {', '.join(sobrantes)}"
        )
    return Organo(reglas, escanos, rp, MappingProxyType(dict(fundamento_t)))


def _cabildos(lee: Lector, datos: Mapping[str, Any]) -> Mapping[str, Cabildo]:
    ay = lee.tabla(datos, "asignacion.ayuntamientos")
    if "cabildos" not in ay:
        return MappingProxyType({})
    t = lee.tabla(ay, "asignacion.ayuntamientos.cabildos")
    cabildos: dict[str, Cabildo] = {}
    for municipio, c in t.items():
        clave = f"asignacion.ayuntamientos.cabildos.{municipio}"
        if not isinstance(c, dict):
            raise lee.error(clave, "debe ser una tabla")
        sobrantes = sorted(set(c).difference({"escanos", "rp", "fundamento"}))
        if sobrantes:
            raise lee.error(clave, f"claves desconocidas: {', '.join(sobrantes)}")
        escanos = lee.entero(c, f"{clave}.escanos", 1)
        rp = lee.entero(c, f"{clave}.rp", 0)
        if rp > escanos:
            raise lee.error(f"{clave}.rp", "no puede exceder el tamaño del cabildo")
        cabildos[municipio] = Cabildo(municipio, escanos, rp, lee.texto(c, f"{clave}.fundamento"))
    return MappingProxyType(cabildos)


# [asignacion.personas]: parameter -> its options (ople.ley.rp_personas.ReglasPersonas).
PARAMETROS_PERSONAS: Final[Mapping[str, tuple[str, ...] | str]] = {
    "sustitucion": ("suplente", "siguiente"),
    "conservar_genero": "booleano",
    "conservar_accion": "booleano",
    "mujeres_minimas": ("ninguna", "mitad_inferior", "mitad_superior"),
    "orden_paridad": ("menor_votacion", "ultimo_asignado"),
    "no_binario_cuenta_como": ("ninguno", "M", "H"),
}


def _personas(lee: Lector, datos: Mapping[str, Any]) -> tuple[ReglasPersonas, Mapping[str, str]]:
    if "personas" not in datos:
        return ReglasPersonas(), MappingProxyType({})
    t = dict(lee.tabla(datos, "asignacion.personas"))
    fundamento = t.pop("fundamento", {})
    if not isinstance(fundamento, dict):
        raise lee.error("asignacion.personas.fundamento", "debe ser una tabla de textos")
    cambios: dict[str, Any] = {}
    for k in t:
        clave = f"asignacion.personas.{k}"
        tipo = PARAMETROS_PERSONAS.get(k)
        if tipo is None:
            raise lee.error(
                clave, f"parámetro desconocido (los hay: {', '.join(PARAMETROS_PERSONAS)})"
            )
        if tipo == "booleano":
            cambios[k] = lee.booleano(t, clave)
        else:
            cambios[k] = lee.opcion(t, clave, tipo)
        if not isinstance(fundamento.get(k), str) or not fundamento[k].strip():
            raise lee.error("asignacion.personas.fundamento", f"falta el fundamento legal de {k}")
    return replace(ReglasPersonas(), **cambios), MappingProxyType(dict(fundamento))


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionAsignacion:
    """Validate the ``[asignacion]`` table of a profile."""
    sobrantes = sorted(
        set(datos).difference({"verificado_por", "congreso", "ayuntamientos", "personas"})
    )
    if sobrantes:
        raise lee.error(
            ", ".join(f"asignacion.{s}" for s in sobrantes),
            "clave desconocida en la sección [asignacion]",
        )
    verificado = datos.get("verificado_por", "")
    if not isinstance(verificado, str):
        raise lee.error("asignacion.verificado_por", "debe ser un texto")
    personas, fundamento_personas = _personas(lee, datos)
    return SeccionAsignacion(
        nombre=perfil.nombre,
        verificado_por=verificado,
        congreso=_organo(lee, datos, "asignacion.congreso"),
        ayuntamiento=_organo(lee, datos, "asignacion.ayuntamientos"),
        cabildos=_cabildos(lee, datos),
        personas=personas,
        fundamento_personas=fundamento_personas,
    )


registrar_seccion(SECCION, leer)
