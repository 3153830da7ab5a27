"""The pure, in-memory description of the election data at a cut time.

The selector fills it from the database; replay and the benchmark fill it without one. Nothing
here knows about Django. Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

Valor = int | str  # int, "ILEGIBLE", "SIN DATO" or "-" (not applicable)


@dataclass(frozen=True, slots=True)
class CasillaCorte:
    clave: str  # CLAVE_CASILLA
    seccion: int
    id_casilla: int
    tipo: str  # B C E S M A P
    ext_contigua: int
    ubicacion: int  # 1 urbana, 2 no urbana
    distrito: int  # distrito local
    distrito_nombre: str
    municipio: int
    municipio_nombre: str
    lista_nominal: int
    representantes: int
    mecanismo_traslado: str = ""  # D F I or empty


@dataclass(frozen=True, slots=True)
class ResultadoActa:
    """The verified values of an acta as of the cut (the latest verification ≤ cut time)."""

    valores: Mapping[str, Valor]  # every vote column and the auxiliary totals
    total_votos_calculado: int
    contabilizada: bool
    observaciones: tuple[str, ...]  # labels as printed (profile)
    inconsistente: bool  # counts in PORCENTAJE_ACTAS_INCONSISTENCIAS
    sha256: str  # empty for sin acta
    imagen: str | None  # absolute path of the image bytes to publish (None: not available)
    imagen_ext: str  # ".jpg", ".png"…
    acopio: datetime | None
    captura: datetime | None
    verificacion: datetime
    origen: str  # CASILLA / CATD
    digitalizacion: str  # MOVIL / ESCANER
    tipo_documento: str  # ACTA PREP / RPP / CC / PPC / empty
    version: int = 1


@dataclass(frozen=True, slots=True)
class ActaCorte:
    clave: str  # CLAVE_ACTA
    tipo_acta: str
    casilla: CasillaCorte
    resultado: ResultadoActa | None  # None: expected but not yet verified at the cut


@dataclass(frozen=True, slots=True)
class CandidaturaCorte:
    demarcacion: int  # distrito (DIP_LOC), municipio (AYUN) or 0 (GUB)
    columna: str  # party, combination, CAND_IND_k
    propietaria: str
    suplente: str


@dataclass(frozen=True, slots=True)
class EleccionCorte:
    clave: str  # DIP_LOC, AYUN, GUB (used in file names)
    tipo: str  # DIP_LOC / AYUN / GUB
    nombre: str  # "DIPUTACIONES LOCALES"
    anio: int
    columnas_votos: tuple[str, ...]  # vote columns in INE order (parties … NO_REGISTRADOS, NULOS)
    actas: tuple[ActaCorte, ...]  # every expected acta, verified or not
    candidaturas: tuple[CandidaturaCorte, ...] = ()
    partidos: Mapping[str, str] = field(default_factory=dict)  # columna -> nombre for display


@dataclass(frozen=True, slots=True)
class EntradaCorte:
    entidad_id: int
    entidad_nombre: str  # as printed in ESTADO/ENTIDAD
    entidad_abrev: str  # QROO, AGS (file names)
    instituto: str
    perfil: str
    variante: str  # "A" (OPLE 2019, pipes) or "B" (INE 2021/2024, commas): the main file
    zona: str  # IANA zone for printed times, e.g. America/Mexico_City
    corte_en: datetime  # UTC
    final: bool
    elecciones: tuple[EleccionCorte, ...]
    variantes: tuple[str, ...] = ("A", "B")  # every variant written (main one first)
    separador_observaciones: str = ", "
    especiales_hasta_corte_final: bool = True
    etiquetas_inconsistencia: frozenset[str] = frozenset()
