"""The data of the public registers at the time of a cut: what the generator reads (pure).

Filled from the database by `publica.datos.modelo_actual` (which applies the anonymisation rule,
`ople.registros.anonimizar`, before anything reaches here) and by the tests directly. Nothing
here is a protected party's name or identifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class EntradaPublica:
    id: int
    version: int
    nombre: str
    sexo: str  # M, H, NB
    cargo_o_calidad: str
    es_candidatura: bool
    ambito: str
    entidad: str
    autoridad_sancionadora: str
    expediente: str
    fecha_resolucion_firme: date
    conducta: str
    calificacion: str
    sancion: str
    reincidencia: bool
    perdida_modo_honesto: bool
    meses_permanencia: int
    fecha_inicio: date
    fecha_baja: date
    corregida: bool


@dataclass(frozen=True)
class EtapaPublica:
    etapa: str  # key: radicacion, admision, …
    fecha: date
    nota: str


@dataclass(frozen=True)
class MedidaPublica:
    descripcion: str
    solicitada_en: date
    resolucion: str  # pendiente, concedida, negada
    resuelta_en: date | None


@dataclass(frozen=True)
class ResolucionPublica:
    clave_tribunal: str
    fecha: date
    sentido: str
    sancion: str


@dataclass(frozen=True)
class DocumentoPublico:
    titulo: str
    sha256: str


@dataclass(frozen=True)
class ExpedientePublico:
    clave: str
    tipo: str  # PES, POS
    fecha_presentacion: date
    denunciantes: tuple[str, ...]  # names, or the protected label
    denunciados: tuple[str, ...]
    victimas: tuple[str, ...]  # always the protected label
    conductas: str
    es_vpmrg: bool
    etapas: tuple[EtapaPublica, ...]
    medidas: tuple[MedidaPublica, ...]
    resoluciones: tuple[ResolucionPublica, ...]
    documentos: tuple[DocumentoPublico, ...]

    @property
    def etapa(self) -> str:
        return self.etapas[-1].etapa if self.etapas else ""


@dataclass(frozen=True)
class ModeloRegistros:
    hoy: date  # the day the current/historical split is computed for
    institucion: str
    fundamento_permanencia: str
    vigentes: tuple[EntradaPublica, ...]
    historicas: tuple[EntradaPublica, ...]
    expedientes: tuple[ExpedientePublico, ...]
    demo: bool = False  # a demonstration: the people are fictitious (the pages say so)
