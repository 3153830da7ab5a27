"""Classification of one acta (prep.md §4, §5.1, §14): pure, typed, no Django.

Input: the captured values of the vote fields of one acta (an int, ``"ILEGIBLE"``, ``"SIN DATO"``
or ``"-"`` for a column that does not apply to this acta), the casilla type and lista nominal, the
number of options in the race (for the representatives' allowance), a possible *sin acta* cause
and the profile's rules. Output: ``TOTAL_VOTOS_CALCULADO``, counted or not, and the observation
codes (ours, stable across profiles; each profile maps them to its printed labels).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from ople.ley.actas import CAMPOS_AUXILIARES
from ople.ley.actas import ILEGIBLE as ILEGIBLE  # re-exported: the PREP names them from here
from ople.ley.actas import SIN_DATO as SIN_DATO

# --- field literals -------------------------------------------------------------------------

# ILEGIBLE and SIN_DATO are the acta's vocabulary (ople.ley.actas), imported above.
NO_APLICA: Final = "-"  # only in CSV output: a column that does not apply (no coalition, no CI)

Valor = int | str  # int, ILEGIBLE, SIN_DATO or NO_APLICA

# --- observation codes (ours), in the order they are printed ----------------------------------

EXCEDE_LN: Final = "EXCEDE_LN"
OBS_ILEGIBLE: Final = "ILEGIBLE"
OBS_SIN_DATO: Final = "SIN_DATO"
TODOS_ILEGIBLES: Final = "TODOS_ILEGIBLES"
TODOS_VACIOS: Final = "TODOS_VACIOS"
SIN_ACTA_PAQUETE_NO_ENTREGADO: Final = "SIN_ACTA_PAQUETE_NO_ENTREGADO"
SIN_ACTA_CASILLA_NO_INSTALADA: Final = "SIN_ACTA_CASILLA_NO_INSTALADA"
SIN_ACTA_SIN_SOBRE: Final = "SIN_ACTA_SIN_SOBRE"
FUERA_CATALOGO: Final = "FUERA_CATALOGO"

CODIGOS_OBSERVACION: Final[tuple[str, ...]] = (
    EXCEDE_LN,
    OBS_ILEGIBLE,
    OBS_SIN_DATO,
    TODOS_ILEGIBLES,
    TODOS_VACIOS,
    SIN_ACTA_PAQUETE_NO_ENTREGADO,
    SIN_ACTA_CASILLA_NO_INSTALADA,
    SIN_ACTA_SIN_SOBRE,
    FUERA_CATALOGO,
)
CAUSAS_SIN_ACTA: Final[frozenset[str]] = frozenset(
    {SIN_ACTA_PAQUETE_NO_ENTREGADO, SIN_ACTA_CASILLA_NO_INSTALADA, SIN_ACTA_SIN_SOBRE}
)
# Observations that put an acta in the numerator of PORCENTAJE_ACTAS_INCONSISTENCIAS (§5.2, §14.4):
# sin acta and fuera de catálogo do not.
CODIGOS_INCONSISTENCIA: Final[frozenset[str]] = frozenset(
    {EXCEDE_LN, OBS_ILEGIBLE, OBS_SIN_DATO, TODOS_ILEGIBLES, TODOS_VACIOS}
)


TIPOS_CASILLA_ESPECIAL: Final[frozenset[str]] = frozenset({"S"})

FuenteTolerancia = Literal["opciones", "representantes"]
Prevalece = Literal["letra", "cifra"]


@dataclass(frozen=True)
class ReglasClasificacion:
    """The part of a profile that decides counting (prep.md §4, §14.1–2).

    ``tolerancia`` says where the representatives' allowance over the lista nominal comes from:
    ``"opciones"`` = ``factor_tolerancia × (parties + CI in the race)`` (what the 2019 Quintana Roo
    data show); ``"representantes"`` = the per-casilla preloaded figure (INE 2021 fixtures).
    ``boletas_especial`` is the ballot cap of a casilla especial (its LN is 0).
    ``prevalece``: which form wins when words and digits are both legible and differ.
    """

    tolerancia: FuenteTolerancia = "opciones"
    factor_tolerancia: int = 2
    boletas_especial: int = 750
    prevalece: Prevalece = "letra"
    tipos_especial: frozenset[str] = TIPOS_CASILLA_ESPECIAL


@dataclass(frozen=True, slots=True)
class Clasificacion:
    total_votos_calculado: int
    contabilizada: bool
    observaciones: tuple[str, ...]
    fuera_catalogo: bool = False

    @property
    def inconsistente(self) -> bool:
        """Counts in the numerator of PORCENTAJE_ACTAS_INCONSISTENCIAS."""
        return any(c in CODIGOS_INCONSISTENCIA for c in self.observaciones)

    @property
    def sin_acta(self) -> bool:
        return any(c in CAUSAS_SIN_ACTA for c in self.observaciones)


def es_aplicable(valor: object) -> bool:
    return valor != NO_APLICA and valor is not None


def valor_numerico(valor: object) -> int:
    """The figure a field contributes to a sum: its value if legible, else 0 (§5.1).

    Accepts ints and CSV cells (``"12"``); ``ILEGIBLE``, ``SIN DATO``, ``-``, ``N/A``, ``""`` and
    ``None`` are 0. A negative number or any other text is an error (never silently 0).
    """
    if type(valor) is int:
        if valor < 0:
            raise ValueError(f"Valor negativo de votos: {valor}")
        return valor
    if valor is None:
        return 0
    if isinstance(valor, str):
        if valor.isdigit() and valor.isascii():
            return int(valor)
        if valor in (ILEGIBLE, SIN_DATO, NO_APLICA, "", "N/A"):
            return 0
    raise ValueError(f"Valor de campo no válido: {valor!r}")


def _normaliza_lectura(valor: int | str | None) -> int | str:
    if valor is None or valor == "":
        return SIN_DATO
    if isinstance(valor, int):
        if valor < 0:
            raise ValueError(f"Valor negativo de votos: {valor}")
        return valor
    if valor in (ILEGIBLE, SIN_DATO):
        return valor
    raise ValueError(f"Lectura no válida: {valor!r}")


def valor_de_letra_y_cifra(
    letra: int | str | None, cifra: int | str | None, *, prevalece: Prevalece = "letra"
) -> int | str:
    """Combine the figure written in words and in digits (§14.2).

    Each reading is an int, ``ILEGIBLE`` or ``SIN DATO`` (``None``/``""`` mean nothing written).
    Only one legible → that one. Both legible and different → the profile's ``prevalece``.
    Neither legible: ``SIN DATO`` when nothing was written in either form, otherwise ``ILEGIBLE``.
    """
    a = _normaliza_lectura(letra)
    b = _normaliza_lectura(cifra)
    if isinstance(a, int) and isinstance(b, int):
        return a if prevalece == "letra" else b
    if isinstance(a, int):
        return a
    if isinstance(b, int):
        return b
    if a == SIN_DATO and b == SIN_DATO:
        return SIN_DATO
    return ILEGIBLE


def tolerancia_representantes(
    reglas: ReglasClasificacion, *, n_opciones: int, representantes: int | None
) -> int:
    if reglas.tolerancia == "opciones":
        return reglas.factor_tolerancia * n_opciones
    return representantes or 0


def limite_votos(
    reglas: ReglasClasificacion,
    *,
    tipo_casilla: str,
    lista_nominal: int,
    n_opciones: int,
    representantes: int | None = None,
) -> int:
    """The most votes an acta may add up to and still be counted (equality allowed, §14.1)."""
    base = reglas.boletas_especial if tipo_casilla in reglas.tipos_especial else lista_nominal
    return base + tolerancia_representantes(
        reglas, n_opciones=n_opciones, representantes=representantes
    )


def clasificar(
    valores: Mapping[str, object],
    *,
    tipo_casilla: str,
    lista_nominal: int,
    n_opciones: int,
    reglas: ReglasClasificacion,
    representantes: int | None = None,
    sin_acta: str | None = None,
    fuera_catalogo: bool = False,
    campos: Iterable[str] | None = None,
) -> Clasificacion:
    """Classify one acta (decision order of prep.md §4).

    ``valores``: captured values by field. When ``campos`` is given only those are the vote
    fields (a missing one is ``SIN DATO``); otherwise every key that is not in
    ``CAMPOS_AUXILIARES`` is a vote field. ``-`` marks a column that does not apply.
    ``n_opciones``: parties + candidaturas independientes in the race (for the allowance).
    ``sin_acta``: one of the three SIN_ACTA_* codes when the Acta PREP never arrived.
    """
    if fuera_catalogo:
        return Clasificacion(0, False, (FUERA_CATALOGO,), fuera_catalogo=True)
    if campos is None:
        votos = [v for k, v in valores.items() if k not in CAMPOS_AUXILIARES]
    else:
        votos = [valores.get(k, SIN_DATO) for k in campos]
    votos = [v for v in votos if es_aplicable(v)]
    total = 0
    ilegibles = vacios = legibles = 0
    for v in votos:
        n = valor_numerico(v)
        total += n
        if v == ILEGIBLE:
            ilegibles += 1
        elif v == SIN_DATO or v == "":
            vacios += 1
        else:
            legibles += 1

    if sin_acta is not None:
        if sin_acta not in CAUSAS_SIN_ACTA:
            raise ValueError(f"Causa de «sin acta» desconocida: {sin_acta!r}")
        return Clasificacion(total, False, (sin_acta,))

    if legibles == 0:
        # Nothing legible: all illegible, all blank, or a mix (the mix has no legible datum at
        # all, so it is reported as TODOS_ILEGIBLES; docs/perfiles.md).
        codigo = TODOS_VACIOS if ilegibles == 0 else TODOS_ILEGIBLES
        return Clasificacion(total, False, (codigo,))

    parciales: list[str] = []
    if ilegibles:
        parciales.append(OBS_ILEGIBLE)
    if vacios:
        parciales.append(OBS_SIN_DATO)

    limite = limite_votos(
        reglas,
        tipo_casilla=tipo_casilla,
        lista_nominal=lista_nominal,
        n_opciones=n_opciones,
        representantes=representantes,
    )
    if total > limite:
        return Clasificacion(total, False, (EXCEDE_LN, *parciales))
    return Clasificacion(total, True, tuple(parciales))


def ordenar_codigos(codigos: Iterable[str]) -> tuple[str, ...]:
    """Deduplicate and put codes in their printing order; unknown codes are an error."""
    vistos = set(codigos)
    desconocidos = vistos.difference(CODIGOS_OBSERVACION)
    if desconocidos:
        raise ValueError(f"Códigos de observación desconocidos: {sorted(desconocidos)}")
    return tuple(c for c in CODIGOS_OBSERVACION if c in vistos)
