"""Profile schema: the envelope of one institute and process, and the sections systems register.

Pure module (no Django, no system import). A profile file ``src/ople/profiles/data/<nombre>.toml``
has an **envelope** that this module reads (institute, entidad, time zone, calendar, the process
and its elections) and one **section** per system, a TOML table named after it (``[prep]``), read
by the parser the system registers with ``registrar_seccion`` (the PREP does it in its
``AppConfig.ready``). ``perfil_desde_datos`` turns the parsed TOML into a ``Perfil`` or raises
``PerfilInvalido`` with a Spanish message naming the file and the key; a table that is neither
envelope nor a registered section is refused. Every setting is documented in docs/perfiles.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Any, Final, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ople.ley.actas import CLAVES_ELECCION
from ople.ley.plazos import (
    DOMINGO,
    SABADO,
    Calendario,
    Computo,
    Periodo,
    descanso_obligatorio,
)


class PerfilInvalido(ValueError):
    """A profile file that does not follow the schema (message in Spanish)."""


@dataclass(frozen=True)
class Perfil:
    """The envelope of a profile, and the sections of the systems (``seccion``)."""

    nombre: str
    descripcion: str
    institucion: str
    proceso: str
    id_entidad: int
    entidad: str
    zona_horaria: str  # IANA name
    elecciones: Mapping[str, str]  # election type (DIP_LOC, AYUN, GUB) -> its name
    fin_de_semana: frozenset[int]  # date.weekday() numbers
    inhabiles_instituto: frozenset[date]  # days the institute declares non-working
    periodo_proceso: Periodo | None  # the days of the electoral process, when known
    secciones: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    vacaciones: tuple[Periodo, ...] = ()  # the institute's vacation periods
    hora_cierre: time | None = None  # the office closes (a deadline's last day ends) at this time
    computo_desde: Computo = "notificacion"  # deadlines run from the day after this

    def calendario_para(self, *anios: int) -> Calendario:
        """The calendar with the official rest days of ``anios`` as well as the process's (for a
        deadline outside the process's years)."""
        base = self.calendario
        extra: frozenset[date] = frozenset().union(*(descanso_obligatorio(a) for a in anios))
        return replace(base, descanso_obligatorio=base.descanso_obligatorio | extra)

    @property
    def zona(self) -> ZoneInfo:
        return ZoneInfo(self.zona_horaria)

    @property
    def calendario(self) -> Calendario:
        """The institute's calendar for ``ople.ley.plazos``: its weekend, its own non-working days
        and the official rest days of every year the process spans (none when the profile does
        not give the process's dates)."""
        anios: set[int] = set()
        if self.periodo_proceso is not None:
            anios.update(range(self.periodo_proceso.inicio.year, self.periodo_proceso.fin.year + 1))
        descanso: frozenset[date] = frozenset().union(*(descanso_obligatorio(a) for a in anios))
        return Calendario(
            zona=self.zona,
            descanso_obligatorio=descanso,
            inhabiles_instituto=self.inhabiles_instituto,
            fin_de_semana=self.fin_de_semana,
            vacaciones=self.vacaciones,
        )

    def seccion(self, nombre: str) -> object:
        """The parsed section of system ``nombre``; the system's own accessor gives its type."""
        try:
            return self.secciones[nombre]
        except KeyError:
            raise PerfilInvalido(f"Perfil {self.nombre}: no tiene la sección [{nombre}]") from None


class Lector:
    """Typed reading of a TOML table; every error names the file (``origen``) and the key."""

    def __init__(self, origen: str) -> None:
        self.origen = origen

    def error(self, clave: str, mensaje: str) -> PerfilInvalido:
        return PerfilInvalido(f"Perfil {self.origen}: «{clave}»: {mensaje}")

    def tabla(self, datos: Mapping[str, Any], clave: str) -> Mapping[str, Any]:
        valor = datos.get(clave.rsplit(".", 1)[-1])
        if not isinstance(valor, dict):
            raise self.error(clave, "falta la tabla o no es una tabla")
        return cast(Mapping[str, Any], valor)

    def texto(self, datos: Mapping[str, Any], clave: str, defecto: str | None = None) -> str:
        valor = datos.get(clave.rsplit(".", 1)[-1], defecto)
        if not isinstance(valor, str) or (not valor and defecto is None):
            raise self.error(clave, "debe ser un texto no vacío")
        return valor

    def entero(
        self, datos: Mapping[str, Any], clave: str, minimo: int, defecto: int | None = None
    ) -> int:
        valor = datos.get(clave.rsplit(".", 1)[-1], defecto)
        if type(valor) is not int or valor < minimo:
            raise self.error(clave, f"debe ser un número entero mayor o igual a {minimo}")
        return valor

    def booleano(self, datos: Mapping[str, Any], clave: str, defecto: bool | None = None) -> bool:
        valor = datos.get(clave.rsplit(".", 1)[-1], defecto)
        if not isinstance(valor, bool):
            raise self.error(clave, "debe ser true o false")
        return valor

    def opcion(self, datos: Mapping[str, Any], clave: str, opciones: Iterable[str]) -> str:
        valor = datos.get(clave.rsplit(".", 1)[-1])
        permitidas = tuple(opciones)
        if valor not in permitidas:
            raise self.error(clave, f"debe ser uno de {', '.join(permitidas)}")
        return cast(str, valor)

    def momento(self, datos: Mapping[str, Any], clave: str) -> datetime:
        valor = datos.get(clave.rsplit(".", 1)[-1])
        if not isinstance(valor, datetime) or valor.tzinfo is None:
            raise self.error(
                clave, "debe ser una fecha y hora con desfase, p. ej. 2024-06-02T20:00:00-06:00"
            )
        return valor

    def fecha(self, datos: Mapping[str, Any], clave: str) -> date:
        valor = datos.get(clave.rsplit(".", 1)[-1])
        if not isinstance(valor, date) or isinstance(valor, datetime):
            raise self.error(clave, "debe ser una fecha sin hora, p. ej. 2023-11-01")
        return valor

    def lista_textos(self, datos: Mapping[str, Any], clave: str, defecto: list[str]) -> list[str]:
        valor = datos.get(clave.rsplit(".", 1)[-1], defecto)
        if not isinstance(valor, list) or not all(isinstance(x, str) and x for x in valor):
            raise self.error(clave, "debe ser una lista de textos")
        return list(valor)


# --- the sections' registry -------------------------------------------------------------------

# A section's parser: its table, the envelope already read (time zone, elections…) and the reader
# that names the file in its errors. It returns the system's frozen section object.
LectorSeccion = Callable[[Mapping[str, Any], Perfil, Lector], object]

_SECCIONES: dict[str, LectorSeccion] = {}

T = TypeVar("T")


def registrar_seccion(nombre: str, lector: LectorSeccion) -> None:
    """Register system ``nombre``'s parser for the ``[nombre]`` table (once per name)."""
    if nombre in _CLAVES_SOBRE:
        raise ValueError(f"«{nombre}» es una clave del perfil, no puede ser una sección")
    actual = _SECCIONES.get(nombre)
    if actual is not None and actual is not lector:
        raise ValueError(f"La sección [{nombre}] del perfil ya tiene otro lector registrado")
    _SECCIONES[nombre] = lector


def secciones_registradas() -> tuple[str, ...]:
    return tuple(sorted(_SECCIONES))


def seccion_de(perfil: Perfil, nombre: str, tipo: type[T]) -> T:
    """``perfil.seccion(nombre)`` checked to be a ``tipo`` (for the systems' typed accessors)."""
    valor = perfil.seccion(nombre)
    if not isinstance(valor, tipo):
        raise TypeError(f"La sección [{nombre}] no es un {tipo.__name__}")
    return valor


# --- the envelope -----------------------------------------------------------------------------

_CLAVES_SOBRE: Final = frozenset(
    {
        "nombre",
        "descripcion",
        "institucion",
        "proceso",
        "id_entidad",
        "entidad",
        "zona_horaria",
        "calendario",
        "elecciones",
    }
)
_CLAVES_CALENDARIO: Final = frozenset(
    {
        "fin_de_semana",
        "inhabiles_instituto",
        "proceso_inicio",
        "proceso_fin",
        "vacaciones",
        "hora_cierre",
        "computo_desde",
    }
)


def _plazos(lee: Lector, datos: Mapping[str, Any]) -> tuple[tuple[Periodo, ...], time | None, str]:
    """The calendar's deadline settings: vacation periods, office closing time, and whether
    deadlines run from the notification or from its effect (docs/perfiles.md)."""
    cal = datos.get("calendario")
    if not isinstance(cal, dict):
        return (), None, "notificacion"
    vacaciones: list[Periodo] = []
    for i, par in enumerate(cal.get("vacaciones", [])):
        if (
            not isinstance(par, list)
            or len(par) != 2
            or not all(isinstance(d, date) and not isinstance(d, datetime) for d in par)
            or par[1] < par[0]
        ):
            raise lee.error(
                f"calendario.vacaciones[{i}]",
                "debe ser un par [inicio, fin] de fechas sin hora, el fin no antes del inicio",
            )
        vacaciones.append(Periodo(inicio=par[0], fin=par[1]))
    cierre = cal.get("hora_cierre")
    if cierre is not None and not (isinstance(cierre, time) and cierre.tzinfo is None):
        raise lee.error("calendario.hora_cierre", "debe ser una hora local, p. ej. 15:00:00")
    computo = cal.get("computo_desde", "notificacion")
    if computo not in ("notificacion", "efecto"):
        raise lee.error("calendario.computo_desde", "debe ser notificacion o efecto")
    return tuple(vacaciones), cierre, computo


def _calendario(
    lee: Lector, datos: Mapping[str, Any]
) -> tuple[frozenset[int], frozenset[date], Periodo | None]:
    if "calendario" not in datos:
        return frozenset({SABADO, DOMINGO}), frozenset(), None
    cal = lee.tabla(datos, "calendario")
    sobrantes = sorted(set(cal).difference(_CLAVES_CALENDARIO))
    if sobrantes:
        raise lee.error("calendario", f"claves desconocidas: {', '.join(sobrantes)}")
    fds = cal.get("fin_de_semana", [SABADO, DOMINGO])
    if (
        not isinstance(fds, list)
        or not all(type(d) is int and 0 <= d <= 6 for d in fds)
        or len(set(fds)) == 7
    ):
        raise lee.error(
            "calendario.fin_de_semana",
            "debe ser una lista de días de 0 (lunes) a 6 (domingo) que deje días hábiles",
        )
    inhabiles = cal.get("inhabiles_instituto", [])
    if not isinstance(inhabiles, list) or not all(
        isinstance(d, date) and not isinstance(d, datetime) for d in inhabiles
    ):
        raise lee.error("calendario.inhabiles_instituto", "debe ser una lista de fechas sin hora")
    periodo = None
    if "proceso_inicio" in cal or "proceso_fin" in cal:
        inicio = lee.fecha(cal, "calendario.proceso_inicio")
        fin = lee.fecha(cal, "calendario.proceso_fin")
        if fin < inicio:
            raise lee.error("calendario.proceso_fin", "debe ser posterior al inicio del proceso")
        periodo = Periodo(inicio=inicio, fin=fin)
    return frozenset(cast(list[int], fds)), frozenset(cast(list[date], inhabiles)), periodo


def _elecciones(lee: Lector, datos: Mapping[str, Any]) -> Mapping[str, str]:
    el_t = lee.tabla(datos, "elecciones")
    if not el_t:
        raise lee.error("elecciones", "define al menos una elección")
    elecciones: dict[str, str] = {}
    for tipo, e in el_t.items():
        clave = f"elecciones.{tipo}"
        if tipo not in CLAVES_ELECCION:
            raise lee.error(
                clave, f"tipo de elección desconocido (use {', '.join(sorted(CLAVES_ELECCION))})"
            )
        if not isinstance(e, dict):
            raise lee.error(clave, "debe ser una tabla")
        sobrantes = sorted(set(e).difference({"nombre"}))
        if sobrantes:
            raise lee.error(clave, f"claves desconocidas: {', '.join(sobrantes)}")
        elecciones[tipo] = lee.texto(e, f"{clave}.nombre")
    return MappingProxyType(elecciones)


def perfil_desde_datos(datos: Mapping[str, Any], *, origen: str) -> Perfil:
    """Validate parsed TOML into a ``Perfil``; ``origen`` names the file in error messages.

    The envelope is read here; each table named after a registered system is read by that
    system's parser; any other key is refused."""
    lee = Lector(origen)
    sobrantes = set(datos).difference(_CLAVES_SOBRE).difference(_SECCIONES)
    if sobrantes:
        tablas = sorted(k for k in sobrantes if isinstance(datos[k], dict))
        if tablas:
            conocidas = ", ".join(f"[{s}]" for s in secciones_registradas()) or "ninguna"
            raise lee.error(
                ", ".join(tablas),
                f"sección desconocida: ningún sistema la registra (registradas: {conocidas})",
            )
        raise lee.error(", ".join(sorted(sobrantes)), "clave desconocida")

    nombre = lee.texto(datos, "nombre")
    zona_horaria = lee.texto(datos, "zona_horaria")
    try:
        ZoneInfo(zona_horaria)
    except (ZoneInfoNotFoundError, ValueError):
        raise lee.error("zona_horaria", f"zona horaria desconocida: {zona_horaria!r}") from None
    fin_de_semana, inhabiles, periodo = _calendario(lee, datos)
    sobre = Perfil(
        nombre=nombre,
        descripcion=lee.texto(datos, "descripcion"),
        institucion=lee.texto(datos, "institucion"),
        proceso=lee.texto(datos, "proceso"),
        id_entidad=lee.entero(datos, "id_entidad", 1),
        entidad=lee.texto(datos, "entidad"),
        zona_horaria=zona_horaria,
        elecciones=_elecciones(lee, datos),
        fin_de_semana=fin_de_semana,
        inhabiles_instituto=inhabiles,
        periodo_proceso=periodo,
    )
    secciones: dict[str, object] = {}
    for sistema in sorted(set(datos).intersection(_SECCIONES)):
        secciones[sistema] = _SECCIONES[sistema](lee.tabla(datos, sistema), sobre, lee)
    vacaciones, cierre, computo = _plazos(lee, datos)
    return replace(
        sobre,
        secciones=MappingProxyType(secciones),
        vacaciones=vacaciones,
        hora_cierre=cierre,
        computo_desde=cast(Computo, computo),
    )
