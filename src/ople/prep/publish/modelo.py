"""The pure, in-memory description of the election data at a cut time.

The selector fills it from the database; replay and the benchmark fill it without one. Nothing
here knows about Django. Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from ople.ley.actas import columnas_acta

Valor = int | str  # int, "ILEGIBLE", "SIN DATO" or "-" (not applicable)


@functools.lru_cache(maxsize=64)
def indice_valores(columnas_votos: tuple[str, ...]) -> dict[str, int]:
    """column -> position in `ValoresActa.datos` for an election (one shared dict per
    election): the auxiliary totals, the vote columns, TOTAL_VOTOS_ASENTADO."""
    return {c: i for i, c in enumerate(columnas_acta(columnas_votos))}


# Packed layouts of an acta's values, by (type code, count): shared by every acta.
_FORMATOS: dict[tuple[str, int], struct.Struct] = {}


def _formato(tipo: str, n: int) -> struct.Struct:
    f = _FORMATOS.get((tipo, n))
    if f is None:
        f = _FORMATOS[(tipo, n)] = struct.Struct(f"{n}{tipo}")
    return f


class ValoresActa(Mapping[str, Valor]):
    """An acta's values aligned to its election's columns (`indice_valores`): a read-only
    mapping at a fraction of a dict's memory. `datos` is the tuple of values, `None` where
    absent. When every value is a non-negative int below 2**32 (most actas) they are kept packed
    in `bytes` (16-bit when they fit, else 32-bit) and `datos` unpacks them; otherwise the tuple
    itself is kept."""

    __slots__ = ("indice", "_empacados", "_formato")

    def __init__(self, indice: dict[str, int], datos: tuple[Valor | None, ...]) -> None:
        self.indice = indice
        self._empacados: bytes | tuple[Valor | None, ...] = datos
        self._formato: struct.Struct | None = None
        if datos and all(type(x) is int for x in datos):
            enteros = cast(tuple[int, ...], datos)
            mayor = max(enteros)
            if min(enteros) >= 0 and mayor < 1 << 32:
                f = _formato("H" if mayor < 1 << 16 else "I", len(datos))
                self._empacados = f.pack(*enteros)
                self._formato = f

    @property
    def datos(self) -> tuple[Valor | None, ...]:
        f = self._formato
        if f is None:
            return cast(tuple[Valor | None, ...], self._empacados)
        return cast(tuple[int, ...], f.unpack(cast(bytes, self._empacados)))

    def alineados(self, faltante: Valor) -> list[Valor]:
        """The values in column order, `faltante` where absent."""
        if self._formato is not None:
            return list(self._formato.unpack(cast(bytes, self._empacados)))
        return [faltante if x is None else x for x in self.datos]

    @staticmethod
    def de(valores: Mapping[str, Valor], columnas_votos: tuple[str, ...]) -> Mapping[str, Valor]:
        """`valores` packed as a `ValoresActa`; unchanged when it has a field outside them."""
        indice = indice_valores(columnas_votos)
        if not all(k in indice for k in valores):
            return valores
        return ValoresActa(indice, tuple(valores.get(c) for c in indice))

    def __getitem__(self, clave: str) -> Valor:
        v = self.datos[self.indice[clave]]
        if v is None:
            raise KeyError(clave)
        return v

    def __iter__(self) -> Iterator[str]:
        d = self.datos
        return (k for k, i in self.indice.items() if d[i] is not None)

    def __len__(self) -> int:
        return sum(1 for v in self.datos if v is not None)

    def __repr__(self) -> str:
        return f"ValoresActa({dict(self.items())!r})"


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
    colores: Mapping[str, str] = field(default_factory=dict)  # party siglas -> "#rrggbb"


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
    # (seq, hash) of the audit log's head when the cut's data was read: published in the
    # signed manifest so the log can later be checked against it (`ople audit verify --corte`)
    bitacora: tuple[int, str] | None = None
    # the distrito and municipio shapes for the maps (`mapas.formas`): level -> Formas
    mapas: Mapping[str, object] = field(default_factory=dict)
    # whether this cut offers itself whole as `corte-completo.zip` (the profile's
    # `[prep.publicacion] corte_completo`, ADR 0054); its file list `archivos.txt` always
    corte_completo: bool = False
