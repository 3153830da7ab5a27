"""The PREP's section of a profile (``[prep]``): labels, classification, CSV, publication, receipt.

Pure module (no Django). ``leer`` validates the ``[prep]`` table of a profile file into a frozen
``SeccionPrep``; it is registered with ``ople.profiles`` when this module is imported (the
PREP's ``AppConfig.ready`` imports it) and read back with ``de(perfil)``. Errors are
``PerfilInvalido`` in Spanish naming the file and the key (``prep.csv.variante``). Every setting is documented in docs/perfiles.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Final, Literal, cast
from zoneinfo import ZoneInfo

from ople.prep.rules import (
    CODIGOS_INCONSISTENCIA,
    CODIGOS_OBSERVACION,
    ReglasClasificacion,
    ordenar_codigos,
)
from ople.profiles.schema import Lector, Perfil, registrar_seccion, seccion_de

SECCION: Final = "prep"
Variante = Literal["A", "B"]
VARIANTES: Final[tuple[str, ...]] = ("A", "B")
ORDINARIA: Final = "ordinaria"  # key for every casilla type not listed explicitly
# Which cuts offer themselves whole as one archive (`corte-completo.zip`, ADR 0054): none, the
# final cut only, or every cut. Every cut always offers its file list (`archivos.txt`).
CORTE_COMPLETO: Final[tuple[str, ...]] = ("ninguno", "final", "cada_corte")


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
    nombre: str  # line 2 of the CSV, e.g. "DIPUTACIONES LOCALES" (the envelope's name)
    clave_archivo: str  # DIP_LOC, DIP, AYUN, GUB
    tipos_acta: Mapping[str, tuple[str, ...]]  # casilla type (or "ordinaria") -> acta types

    def tipos_acta_de(self, tipo_casilla: str) -> tuple[str, ...]:
        return self.tipos_acta.get(tipo_casilla, self.tipos_acta[ORDINARIA])


@dataclass(frozen=True)
class SeccionPrep:
    nombre: str  # the profile's name (for messages)
    zona_horaria: str  # the envelope's IANA zone
    desfase_utc: str  # as printed after the cut time, e.g. "UTC-6"
    etiquetas: Mapping[str, str]  # observation code -> printed label
    separador_observaciones: str
    clasificacion: ReglasClasificacion
    especiales_hasta_corte_final: bool  # participation: especiales out until the final cut
    csv: ConfigCsv
    publicacion: VentanaPublicacion
    elecciones: Mapping[str, EleccionPerfil]
    recepcion: VentanaRecepcion
    corte_completo: str = "ninguno"  # one of CORTE_COMPLETO
    corte_completo_motivo: str = ""  # why (the profile says it with the setting)

    def ofrece_corte_completo(self, *, final: bool) -> bool:
        """Whether a cut (the final one, or not) offers `corte-completo.zip`."""
        return self.corte_completo == "cada_corte" or (self.corte_completo == "final" and final)

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


def de(perfil: Perfil) -> SeccionPrep:
    """The PREP's section of ``perfil`` (``PerfilInvalido`` when the profile has none)."""
    return seccion_de(perfil, SECCION, SeccionPrep)


# --- validation -------------------------------------------------------------------------------

_CLAVES: Final = frozenset(
    {
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


def _etiquetas(lee: Lector, datos: Mapping[str, Any]) -> tuple[Mapping[str, str], str]:
    obs = lee.tabla(datos, "prep.observaciones")
    etiquetas_t = lee.tabla(obs, "prep.observaciones.etiquetas")
    faltan = [c for c in CODIGOS_OBSERVACION if c not in etiquetas_t]
    extra = sorted(set(etiquetas_t).difference(CODIGOS_OBSERVACION))
    if faltan:
        raise lee.error(
            "prep.observaciones.etiquetas", f"faltan las etiquetas de {', '.join(faltan)}"
        )
    if extra:
        raise lee.error("prep.observaciones.etiquetas", f"códigos desconocidos: {', '.join(extra)}")
    etiquetas = {
        c: lee.texto(etiquetas_t, f"prep.observaciones.etiquetas.{c}") for c in CODIGOS_OBSERVACION
    }
    return MappingProxyType(etiquetas), lee.texto(obs, "prep.observaciones.separador", ", ")


def _clasificacion(lee: Lector, datos: Mapping[str, Any]) -> ReglasClasificacion:
    cl = lee.tabla(datos, "prep.clasificacion")
    return ReglasClasificacion(
        tolerancia=cast(
            Literal["opciones", "representantes"],
            lee.opcion(cl, "prep.clasificacion.tolerancia", ("opciones", "representantes")),
        ),
        factor_tolerancia=lee.entero(cl, "prep.clasificacion.factor_tolerancia", 0, 2),
        boletas_especial=lee.entero(cl, "prep.clasificacion.boletas_especial", 1),
        prevalece=cast(
            Literal["letra", "cifra"],
            lee.opcion(cl, "prep.clasificacion.prevalece", ("letra", "cifra")),
        ),
        tipos_especial=frozenset(lee.lista_textos(cl, "prep.clasificacion.tipos_especial", ["S"])),
    )


def _csv(lee: Lector, datos: Mapping[str, Any]) -> ConfigCsv:
    c = lee.tabla(datos, "prep.csv")
    variante = cast(Variante, lee.opcion(c, "prep.csv.variante", VARIANTES))
    variantes_l = c.get("variantes", [variante])
    if (
        not isinstance(variantes_l, list)
        or not variantes_l
        or any(v not in VARIANTES for v in variantes_l)
    ):
        raise lee.error("prep.csv.variantes", "debe ser una lista con «A» y/o «B»")
    if variante not in variantes_l:
        raise lee.error("prep.csv.variantes", "debe incluir la variante principal")
    col_t = c.get("columnas", {})
    if not isinstance(col_t, dict):
        raise lee.error("prep.csv.columnas", "debe ser una tabla")
    base = Columnas()
    col_kw: dict[str, Any] = {}
    for campo_nombre in base.__dataclass_fields__:
        if campo_nombre in col_t:
            defecto = getattr(base, campo_nombre)
            valor = col_t[campo_nombre]
            if type(valor) is not type(defecto):
                raise lee.error(f"prep.csv.columnas.{campo_nombre}", "tipo no válido")
            col_kw[campo_nombre] = valor
    extra_col = sorted(set(col_t).difference(base.__dataclass_fields__))
    if extra_col:
        raise lee.error("prep.csv.columnas", f"claves desconocidas: {', '.join(extra_col)}")
    return ConfigCsv(
        variante=variante,
        variantes=tuple(cast(list[Variante], variantes_l)),
        siglas_entidad=lee.texto(c, "prep.csv.siglas_entidad"),
        anio=lee.entero(c, "prep.csv.anio", 1990),
        contabilizada_fuera_catalogo=lee.entero(c, "prep.csv.contabilizada_fuera_catalogo", 0),
        columnas=Columnas(**col_kw),
    )


def _publicacion(lee: Lector, datos: Mapping[str, Any]) -> VentanaPublicacion:
    pub = lee.tabla(datos, "prep.publicacion")
    inicio = lee.momento(pub, "prep.publicacion.inicio")
    fin = lee.momento(pub, "prep.publicacion.fin")
    intervalo = lee.entero(pub, "prep.publicacion.intervalo_s", 60)
    if fin <= inicio:
        raise lee.error("prep.publicacion.fin", "debe ser posterior al inicio")
    if fin - inicio > timedelta(hours=24):
        raise lee.error("prep.publicacion.fin", "la publicación dura como máximo 24 horas")
    if intervalo > 1200:
        raise lee.error(
            "prep.publicacion.intervalo_s", "se publican al menos 3 cortes por hora (≤ 1200 s)"
        )
    return VentanaPublicacion(inicio=inicio, fin=fin, intervalo_s=intervalo)


def _corte_completo(lee: Lector, datos: Mapping[str, Any]) -> tuple[str, str]:
    """`[prep.publicacion] corte_completo` and its `corte_completo_motivo` (required with it)."""
    pub = lee.tabla(datos, "prep.publicacion")
    if "corte_completo" not in pub:
        if "corte_completo_motivo" in pub:
            raise lee.error(
                "prep.publicacion.corte_completo_motivo", "sólo acompaña a «corte_completo»"
            )
        return "ninguno", ""
    valor = lee.opcion(pub, "prep.publicacion.corte_completo", CORTE_COMPLETO)
    return valor, lee.texto(pub, "prep.publicacion.corte_completo_motivo")


def _recepcion(
    lee: Lector, datos: Mapping[str, Any], publicacion: VentanaPublicacion
) -> VentanaRecepcion:
    rec = lee.tabla(datos, "prep.recepcion")
    antes_h = lee.entero(rec, "prep.recepcion.capturado_antes_horas", 1)
    despues_min = lee.entero(rec, "prep.recepcion.capturado_despues_minutos", 0)
    if antes_h > 366 * 24:
        raise lee.error(
            "prep.recepcion.capturado_antes_horas", "es de un año (8784 horas) como máximo"
        )
    if despues_min > 24 * 60:
        raise lee.error(
            "prep.recepcion.capturado_despues_minutos", "es de un día (1440) como máximo"
        )
    desde = lee.momento(rec, "prep.recepcion.capturado_desde")
    if not desde < publicacion.inicio:
        raise lee.error(
            "prep.recepcion.capturado_desde", "debe ser anterior al inicio de la publicación"
        )
    return VentanaRecepcion(
        desde=desde,
        hasta=publicacion.fin,
        antes=timedelta(hours=antes_h),
        despues=timedelta(minutes=despues_min),
    )


def _elecciones(
    lee: Lector, datos: Mapping[str, Any], perfil: Perfil
) -> Mapping[str, EleccionPerfil]:
    el_t = lee.tabla(datos, "prep.elecciones")
    faltan = [t for t in perfil.elecciones if t not in el_t]
    if faltan:
        raise lee.error("prep.elecciones", f"faltan las elecciones {', '.join(faltan)}")
    elecciones: dict[str, EleccionPerfil] = {}
    for tipo, e in el_t.items():
        clave = f"prep.elecciones.{tipo}"
        if tipo not in perfil.elecciones:
            raise lee.error(clave, "elección que el perfil no define en [elecciones]")
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
            nombre=perfil.elecciones[tipo],
            clave_archivo=lee.texto(e, f"{clave}.clave_archivo"),
            tipos_acta=MappingProxyType(tipos),
        )
    # In the envelope's order (the order of the CSV files and of the catalog's elections).
    return MappingProxyType({t: elecciones[t] for t in perfil.elecciones})


def leer(datos: Mapping[str, Any], perfil: Perfil, lee: Lector) -> SeccionPrep:
    """Validate the ``[prep]`` table of a profile (``perfil`` is its envelope, already read)."""
    sobrantes = sorted(set(datos).difference(_CLAVES))
    if sobrantes:
        raise lee.error(
            ", ".join(f"prep.{s}" for s in sobrantes), "clave desconocida en la sección [prep]"
        )
    etiquetas, separador = _etiquetas(lee, datos)
    reglas = _clasificacion(lee, datos)
    part = lee.tabla(datos, "prep.participacion")
    especiales_hasta_final = lee.booleano(part, "prep.participacion.especiales_hasta_corte_final")
    csv = _csv(lee, datos)
    publicacion = _publicacion(lee, datos)
    corte_completo, motivo = _corte_completo(lee, datos)
    desfase = lee.texto(datos, "prep.desfase_utc")
    real = _desfase(publicacion.inicio, perfil.zona)
    if desfase != real:
        raise lee.error(
            "prep.desfase_utc",
            f"{desfase!r} no coincide con {perfil.zona_horaria} al inicio ({real})",
        )
    return SeccionPrep(
        nombre=perfil.nombre,
        zona_horaria=perfil.zona_horaria,
        desfase_utc=desfase,
        etiquetas=etiquetas,
        separador_observaciones=separador,
        clasificacion=reglas,
        especiales_hasta_corte_final=especiales_hasta_final,
        csv=csv,
        publicacion=publicacion,
        elecciones=_elecciones(lee, datos, perfil),
        recepcion=_recepcion(lee, datos, publicacion),
        corte_completo=corte_completo,
        corte_completo_motivo=motivo,
    )


# Registered on import: whoever reads the section (``de``) has imported this module, so the
# parser is there before any profile is loaded, with or without Django (the PREP's
# ``AppConfig.ready`` imports it too, for the code that only loads profiles).
registrar_seccion(SECCION, leer)
