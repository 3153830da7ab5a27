"""Profile schema: the law of one institute and process, as validated frozen dataclasses.

Pure module (no Django). ``perfil_desde_datos`` turns the parsed TOML of
``src/ople/profiles/data/<nombre>.toml`` into a ``Perfil`` or raises ``PerfilInvalido`` with a
Spanish message naming the file and the key. Every setting is documented in docs/perfiles.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Final, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ople.ley.actas import CLAVES_ELECCION
from ople.prep.rules import (
    CODIGOS_INCONSISTENCIA,
    CODIGOS_OBSERVACION,
    ReglasClasificacion,
    ordenar_codigos,
)

Variante = Literal["A", "B"]
VARIANTES: Final[tuple[str, ...]] = ("A", "B")
ORDINARIA: Final = "ordinaria"  # key for every casilla type not listed explicitly


class PerfilInvalido(ValueError):
    """A profile file that does not follow the schema (message in Spanish)."""


@dataclass(frozen=True)
class VentanaPublicacion:
    inicio: datetime  # aware
    fin: datetime  # aware, at most 24 h after inicio
    intervalo_s: int  # seconds between cuts

    @property
    def cortes_por_hora(self) -> int:
        return 3600 // self.intervalo_s

    def contiene(self, momento: datetime) -> bool:
        return self.inicio <= momento <= self.fin


@dataclass(frozen=True)
class VentanaRecepcion:
    """When a device may say it took a photo (`capturado_en` of an upload).

    Either during the process's operation, from `desde` (the casillas open) to the end of the
    publication, or — drills and rehearsals, held on any day — from `antes` before the server
    receives it to `despues` after (a device clock ahead of the server).
    """

    desde: datetime  # aware
    hasta: datetime  # aware: the end of the publication
    antes: timedelta
    despues: timedelta

    def admite(self, momento: datetime, recibido_en: datetime) -> bool:
        """Whether `momento` (aware) is a date the device could have seen.

        Compared as given, never converted to another zone: year 1 at +01:00 or year 9999 at
        -01:00 exist as written but not in UTC, and are refused instead of overflowing.
        """
        try:
            return (self.desde <= momento <= self.hasta) or (
                recibido_en - self.antes <= momento <= recibido_en + self.despues
            )
        except OverflowError:
            return False


@dataclass(frozen=True)
class Columnas:
    """Column names that differ between the 2019 OPLE file and INE 2021/2024 (§7.3, §12.5)."""

    id_entidad: str = "ID_ESTADO"
    entidad: str = "ESTADO"
    id_distrito: str = "ID_DISTRITO"
    distrito: str = "DISTRITO"
    id_municipio: str = "ID_MUNICIPIO"
    municipio: str = "MUNICIPIO"
    codigo_integridad: str = "SHA"
    no_registrados: str = "NO_REGISTRADOS"
    nulos: str = "NULOS"
    prefijo_ci: str = "CAND_IND_"
    ci_dos_digitos: bool = False
    prefijo_combinacion: str = "C_"
    separador_combinacion: str = "_"
    cotejada: bool = False  # publish the COTEJADA column

    def combinacion(self, siglas: Iterable[str]) -> str:
        """Column name of a coalition combination: ``C_PAN_PRD`` (QRoo 2019) or ``PAN_PRD``."""
        return self.prefijo_combinacion + self.separador_combinacion.join(siglas)

    def candidatura_independiente(self, numero: int) -> str:
        return (
            f"{self.prefijo_ci}{numero:02d}"
            if self.ci_dos_digitos
            else f"{self.prefijo_ci}{numero}"
        )


@dataclass(frozen=True)
class ConfigCsv:
    variante: Variante  # the variant the publisher writes first (and names the main file)
    variantes: tuple[Variante, ...]  # every variant written at each cut
    siglas_entidad: str  # QROO, AGS: file names {ENT}_{ELECCION}_{AÑO}.csv
    anio: int
    contabilizada_fuera_catalogo: int  # CONTABILIZADA printed for an out-of-catalogue acta
    columnas: Columnas = field(default_factory=Columnas)


@dataclass(frozen=True)
class EleccionPerfil:
    tipo: str  # GUB, DIP_LOC, AYUN
    nombre: str  # line 2 of the CSV, e.g. "DIPUTACIONES LOCALES"
    clave_archivo: str  # DIP_LOC, DIP, AYUN, GUB
    tipos_acta: Mapping[str, tuple[str, ...]]  # casilla type (or "ordinaria") -> acta types

    def tipos_acta_de(self, tipo_casilla: str) -> tuple[str, ...]:
        return self.tipos_acta.get(tipo_casilla, self.tipos_acta[ORDINARIA])


@dataclass(frozen=True)
class Perfil:
    nombre: str
    descripcion: str
    institucion: str
    proceso: str
    id_entidad: int
    entidad: str
    zona_horaria: str  # IANA name
    desfase_utc: str  # as printed after the cut time, e.g. "UTC-6"
    etiquetas: Mapping[str, str]  # observation code -> printed label
    separador_observaciones: str
    clasificacion: ReglasClasificacion
    especiales_hasta_corte_final: bool  # participation: especiales out until the final cut
    csv: ConfigCsv
    publicacion: VentanaPublicacion
    elecciones: Mapping[str, EleccionPerfil]
    recepcion: VentanaRecepcion

    @property
    def zona(self) -> ZoneInfo:
        return ZoneInfo(self.zona_horaria)

    def etiqueta(self, codigos: Iterable[str]) -> str:
        """OBSERVACIONES cell for these codes: labels in code order, identical labels once."""
        vistas: list[str] = []
        for c in ordenar_codigos(codigos):
            e = self.etiquetas[c]
            if e not in vistas:
                vistas.append(e)
        return self.separador_observaciones.join(vistas)

    def codigos(self, etiqueta: str) -> tuple[str, ...]:
        """Codes named by an OBSERVACIONES cell of this profile (inverse of ``etiqueta``).

        A label shared by several codes (QRoo's ``ALGUN DATO ILEGIBLE O SIN DATO``) gives all of
        them. Raises ``ValueError`` for a label this profile does not print.
        """
        texto = etiqueta.strip()
        if not texto:
            return ()
        partes = [texto]
        if self.separador_observaciones.strip() and texto not in self.etiquetas.values():
            partes = [p.strip() for p in texto.split(self.separador_observaciones.strip())]
        codigos: list[str] = []
        for p in partes:
            encontrados = [c for c, e in self.etiquetas.items() if e == p]
            if not encontrados:
                raise ValueError(f"Observación no reconocida por el perfil {self.nombre}: {p!r}")
            codigos.extend(encontrados)
        return ordenar_codigos(codigos)

    def es_inconsistente(self, etiqueta: str) -> bool:
        return any(c in CODIGOS_INCONSISTENCIA for c in self.codigos(etiqueta))

    def eleccion(self, tipo: str) -> EleccionPerfil:
        try:
            return self.elecciones[tipo]
        except KeyError:
            raise KeyError(f"El perfil {self.nombre} no define la elección {tipo!r}") from None

    def texto_corte(self, momento: datetime, variante: Variante | None = None) -> str:
        """Line 3 (A) / row 2 (B) of the CSV: the cut time in the profile's zone with its offset."""
        local = momento.astimezone(self.zona)
        v = variante or self.csv.variante
        formato = "%Y/%m/%d %H:%M" if v == "A" else "%d/%m/%Y %H:%M"
        return f"{local.strftime(formato)} ({self.desfase_utc})"


# --- validation -------------------------------------------------------------------------------


class _Lector:
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


_CLAVES_PERFIL: Final = frozenset(
    {
        "nombre",
        "descripcion",
        "institucion",
        "proceso",
        "id_entidad",
        "entidad",
        "zona_horaria",
        "desfase_utc",
        "observaciones",
        "clasificacion",
        "participacion",
        "csv",
        "publicacion",
        "recepcion",
        "elecciones",
    }
)


def _desfase(momento: datetime, zona: ZoneInfo) -> str:
    delta = momento.astimezone(zona).utcoffset() or timedelta(0)
    minutos = int(delta.total_seconds()) // 60
    signo = "-" if minutos < 0 else "+"
    h, m = divmod(abs(minutos), 60)
    return f"UTC{signo}{h}" + (f":{m:02d}" if m else "")


def _lista_textos(
    lee: _Lector, datos: Mapping[str, Any], clave: str, defecto: list[str]
) -> list[str]:
    valor = datos.get(clave.rsplit(".", 1)[-1], defecto)
    if not isinstance(valor, list) or not all(isinstance(x, str) and x for x in valor):
        raise lee.error(clave, "debe ser una lista de textos")
    return list(valor)


def perfil_desde_datos(datos: Mapping[str, Any], *, origen: str) -> Perfil:
    """Validate parsed TOML into a ``Perfil``; ``origen`` names the file in error messages."""
    lee = _Lector(origen)
    sobrantes = set(datos).difference(_CLAVES_PERFIL)
    if sobrantes:
        raise lee.error(", ".join(sorted(sobrantes)), "clave desconocida")

    nombre = lee.texto(datos, "nombre")
    zona_horaria = lee.texto(datos, "zona_horaria")
    try:
        zona = ZoneInfo(zona_horaria)
    except (ZoneInfoNotFoundError, ValueError):
        raise lee.error("zona_horaria", f"zona horaria desconocida: {zona_horaria!r}") from None

    # observation labels: one per code, every code present
    obs = lee.tabla(datos, "observaciones")
    etiquetas_t = lee.tabla(obs, "observaciones.etiquetas")
    faltan = [c for c in CODIGOS_OBSERVACION if c not in etiquetas_t]
    extra = sorted(set(etiquetas_t).difference(CODIGOS_OBSERVACION))
    if faltan:
        raise lee.error("observaciones.etiquetas", f"faltan las etiquetas de {', '.join(faltan)}")
    if extra:
        raise lee.error("observaciones.etiquetas", f"códigos desconocidos: {', '.join(extra)}")
    etiquetas = {
        c: lee.texto(etiquetas_t, f"observaciones.etiquetas.{c}") for c in CODIGOS_OBSERVACION
    }
    separador_obs = lee.texto(obs, "observaciones.separador", ", ")

    cl = lee.tabla(datos, "clasificacion")
    reglas = ReglasClasificacion(
        tolerancia=cast(
            Literal["opciones", "representantes"],
            lee.opcion(cl, "clasificacion.tolerancia", ("opciones", "representantes")),
        ),
        factor_tolerancia=lee.entero(cl, "clasificacion.factor_tolerancia", 0, 2),
        boletas_especial=lee.entero(cl, "clasificacion.boletas_especial", 1),
        prevalece=cast(
            Literal["letra", "cifra"],
            lee.opcion(cl, "clasificacion.prevalece", ("letra", "cifra")),
        ),
        tipos_especial=frozenset(_lista_textos(lee, cl, "clasificacion.tipos_especial", ["S"])),
    )

    part = lee.tabla(datos, "participacion")
    especiales_hasta_final = lee.booleano(part, "participacion.especiales_hasta_corte_final")

    c = lee.tabla(datos, "csv")
    variante = cast(Variante, lee.opcion(c, "csv.variante", VARIANTES))
    variantes_l = c.get("variantes", [variante])
    if (
        not isinstance(variantes_l, list)
        or not variantes_l
        or any(v not in VARIANTES for v in variantes_l)
    ):
        raise lee.error("csv.variantes", "debe ser una lista con «A» y/o «B»")
    if variante not in variantes_l:
        raise lee.error("csv.variantes", "debe incluir la variante principal")
    col_t = c.get("columnas", {})
    if not isinstance(col_t, dict):
        raise lee.error("csv.columnas", "debe ser una tabla")
    base = Columnas()
    col_kw: dict[str, Any] = {}
    for campo_nombre in base.__dataclass_fields__:
        if campo_nombre in col_t:
            defecto = getattr(base, campo_nombre)
            valor = col_t[campo_nombre]
            if type(valor) is not type(defecto):
                raise lee.error(f"csv.columnas.{campo_nombre}", "tipo no válido")
            col_kw[campo_nombre] = valor
    extra_col = sorted(set(col_t).difference(base.__dataclass_fields__))
    if extra_col:
        raise lee.error("csv.columnas", f"claves desconocidas: {', '.join(extra_col)}")
    csv = ConfigCsv(
        variante=variante,
        variantes=tuple(cast(list[Variante], variantes_l)),
        siglas_entidad=lee.texto(c, "csv.siglas_entidad"),
        anio=lee.entero(c, "csv.anio", 1990),
        contabilizada_fuera_catalogo=lee.entero(c, "csv.contabilizada_fuera_catalogo", 0),
        columnas=Columnas(**col_kw),
    )

    pub = lee.tabla(datos, "publicacion")
    inicio = lee.momento(pub, "publicacion.inicio")
    fin = lee.momento(pub, "publicacion.fin")
    intervalo = lee.entero(pub, "publicacion.intervalo_s", 60)
    if fin <= inicio:
        raise lee.error("publicacion.fin", "debe ser posterior al inicio")
    if fin - inicio > timedelta(hours=24):
        raise lee.error("publicacion.fin", "la publicación dura como máximo 24 horas")
    if intervalo > 1200:
        raise lee.error(
            "publicacion.intervalo_s", "se publican al menos 3 cortes por hora (≤ 1200 s)"
        )
    desfase = lee.texto(datos, "desfase_utc")
    real = _desfase(inicio, zona)
    if desfase != real:
        raise lee.error(
            "desfase_utc", f"{desfase!r} no coincide con {zona_horaria} al inicio ({real})"
        )

    rec = lee.tabla(datos, "recepcion")
    antes_h = lee.entero(rec, "recepcion.capturado_antes_horas", 1)
    despues_min = lee.entero(rec, "recepcion.capturado_despues_minutos", 0)
    if antes_h > 366 * 24:
        raise lee.error("recepcion.capturado_antes_horas", "es de un año (8784 horas) como máximo")
    if despues_min > 24 * 60:
        raise lee.error("recepcion.capturado_despues_minutos", "es de un día (1440) como máximo")
    desde = lee.momento(rec, "recepcion.capturado_desde")
    if not desde < inicio:
        raise lee.error(
            "recepcion.capturado_desde", "debe ser anterior al inicio de la publicación"
        )
    recepcion = VentanaRecepcion(
        desde=desde,
        hasta=fin,
        antes=timedelta(hours=antes_h),
        despues=timedelta(minutes=despues_min),
    )

    el_t = lee.tabla(datos, "elecciones")
    if not el_t:
        raise lee.error("elecciones", "define al menos una elección")
    elecciones: dict[str, EleccionPerfil] = {}
    for tipo, e in el_t.items():
        clave = f"elecciones.{tipo}"
        if tipo not in CLAVES_ELECCION:
            raise lee.error(
                clave, f"tipo de elección desconocido (use {', '.join(sorted(CLAVES_ELECCION))})"
            )
        if not isinstance(e, dict):
            raise lee.error(clave, "debe ser una tabla")
        ta = lee.tabla(e, f"{clave}.tipos_acta")
        if ORDINARIA not in ta:
            raise lee.error(f"{clave}.tipos_acta", f"falta «{ORDINARIA}»")
        tipos: dict[str, tuple[str, ...]] = {}
        for tc, lista in ta.items():
            if (
                not isinstance(lista, list)
                or not lista
                or not all(isinstance(x, str) and x for x in lista)
            ):
                raise lee.error(f"{clave}.tipos_acta.{tc}", "debe ser una lista de textos")
            tipos[tc] = tuple(lista)
        elecciones[tipo] = EleccionPerfil(
            tipo=tipo,
            nombre=lee.texto(e, f"{clave}.nombre"),
            clave_archivo=lee.texto(e, f"{clave}.clave_archivo"),
            tipos_acta=MappingProxyType(tipos),
        )

    return Perfil(
        nombre=nombre,
        descripcion=lee.texto(datos, "descripcion"),
        institucion=lee.texto(datos, "institucion"),
        proceso=lee.texto(datos, "proceso"),
        id_entidad=lee.entero(datos, "id_entidad", 1),
        entidad=lee.texto(datos, "entidad"),
        zona_horaria=zona_horaria,
        desfase_utc=desfase,
        etiquetas=MappingProxyType(etiquetas),
        separador_observaciones=separador_obs,
        clasificacion=reglas,
        especiales_hasta_corte_final=especiales_hasta_final,
        csv=csv,
        publicacion=VentanaPublicacion(inicio=inicio, fin=fin, intervalo_s=intervalo),
        elecciones=MappingProxyType(elecciones),
        recepcion=recepcion,
    )
