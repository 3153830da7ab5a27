"""The acta's vocabulary, in one place: its auxiliary fields with their labels, and the election
types. Pure, typed, no Django.

An Acta PREP (prep.md §4) first asks for four auxiliary figures (boletas sobrantes, personas que
votaron, representantes que votaron, votos sacados de la urna), then the votes of every option of
the ballot (``ople.ley.boleta``) and last the total written on the acta. The auxiliary figures are
captured and published, never summed nor used to decide counting (§5.1).

Each auxiliary field carries the four texts the platform shows for it: the capture form's label
(``etiqueta``), the column header of the published acta table (``encabezado``), the line printed
on the paper acta (``impreso``) and its description in the LEEME of the results (``descripcion``).
For example the last field::

    >>> AUXILIAR[TOTAL_ASENTADO].encabezado
    'Total de votos asentado'
    >>> columnas_acta(("PAN", "NULOS"))
    ('TOTAL_BOLETAS_SOBRANTES', 'TOTAL_PERSONAS_VOTARON', 'TOTAL_REP_PARTIDO_CI_VOTARON', \
'TOTAL_VOTOS_SACADOS', 'PAN', 'NULOS', 'TOTAL_VOTOS_ASENTADO')

Django's choices of ``Eleccion.tipo`` derive from ``TIPOS_ELECCION``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

# --- auxiliary fields -------------------------------------------------------------------------

BOLETAS_SOBRANTES: Final = "TOTAL_BOLETAS_SOBRANTES"
PERSONAS_VOTARON: Final = "TOTAL_PERSONAS_VOTARON"
REPRESENTANTES_VOTARON: Final = "TOTAL_REP_PARTIDO_CI_VOTARON"
VOTOS_SACADOS: Final = "TOTAL_VOTOS_SACADOS"
TOTAL_ASENTADO: Final = "TOTAL_VOTOS_ASENTADO"


@dataclass(frozen=True, slots=True)
class CampoAuxiliar:
    """One auxiliary field of the acta: its CSV column and the texts shown for it."""

    clave: str  # the column of the results CSV
    etiqueta: str  # the capture form's label
    encabezado: str  # the header of its column in the published acta table
    impreso: str  # as printed on the paper acta
    descripcion: str  # its line in the LEEME


AUXILIARES: Final[tuple[CampoAuxiliar, ...]] = (
    CampoAuxiliar(
        BOLETAS_SOBRANTES,
        "Boletas sobrantes",
        "Boletas sobrantes",
        "BOLETAS SOBRANTES",
        "Total de boletas sobrantes (no usadas y canceladas), como se asentó en el acta.",
    ),
    CampoAuxiliar(
        PERSONAS_VOTARON,
        "Personas que votaron",
        "Personas que votaron",
        "PERSONAS QUE VOTARON",
        "Total de personas que votaron, como se asentó en el acta.",
    ),
    CampoAuxiliar(
        REPRESENTANTES_VOTARON,
        "Representantes que votaron",
        "Representantes que votaron",
        "REPRESENTANTES QUE VOTARON",
        "Representantes de partidos y candidaturas independientes ante la casilla que votaron.",
    ),
    CampoAuxiliar(
        VOTOS_SACADOS,
        "Votos sacados de la urna",
        "Votos sacados de la urna",
        "VOTOS SACADOS DE LA URNA",
        "Total de votos sacados de la urna, como se asentó en el acta.",
    ),
    CampoAuxiliar(
        TOTAL_ASENTADO,
        "Total de votos asentado en el acta",
        "Total de votos asentado",
        "TOTAL DE VOTOS",
        "Total de votos escrito en el acta. Se publica pero no se usa para contar.",
    ),
)
AUXILIAR: Final[Mapping[str, CampoAuxiliar]] = {c.clave: c for c in AUXILIARES}

# Every auxiliary column, in the order of the results CSV.
CAMPOS_AUXILIARES: Final[tuple[str, ...]] = tuple(c.clave for c in AUXILIARES)
# Those the acta asks for before the votes (the asentado total comes after them).
AUXILIARES_INICIO: Final[tuple[str, ...]] = tuple(
    c for c in CAMPOS_AUXILIARES if c != TOTAL_ASENTADO
)


def columnas_acta(columnas_votos: Iterable[str]) -> tuple[str, ...]:
    """Every captured field of an acta in printed order: the auxiliary figures before the votes,
    the vote columns as given, the asentado total."""
    return (*AUXILIARES_INICIO, *columnas_votos, TOTAL_ASENTADO)


# Labels of the options that are not a party's or a coalition's name (OpcionBoleta.tipo).
ETIQUETAS_TIPO_OPCION: Final[Mapping[str, str]] = {
    "CNR": "Candidaturas no registradas",
    "NULOS": "Votos nulos",
}

# --- what a captured field may hold besides a number ------------------------------------------

# A figure the capturist cannot read on the acta, or a field left blank on it (prep.md §5.1): both
# are captured as such, printed as such, and count as 0 in the calculated total.
ILEGIBLE: Final = "ILEGIBLE"
SIN_DATO: Final = "SIN DATO"

# --- election types ---------------------------------------------------------------------------

GUB: Final = "GUB"
DIP_LOC: Final = "DIP_LOC"
AYUN: Final = "AYUN"


@dataclass(frozen=True, slots=True)
class TipoEleccion:
    """A type of local election: its key, its name and the territory each contest covers."""

    clave: str  # GUB, DIP_LOC, AYUN (profiles, CSV, URLs)
    miembro: str  # the member's name in Django's choices (Eleccion.Tipo.GUBERNATURA)
    etiqueta: str  # the choice's label
    nombre: str  # as the results print it by default
    demarcacion: str  # the Demarcacion.tipo of each contest
    tipo_acta: str  # the acta type a casilla produces when the profile does not say


TIPOS_ELECCION: Final[tuple[TipoEleccion, ...]] = (
    TipoEleccion(GUB, "GUBERNATURA", "Gubernatura", "GUBERNATURA", "ENTIDAD", "1"),
    TipoEleccion(
        DIP_LOC,
        "DIPUTACIONES",
        "Diputaciones locales de mayoría relativa",
        "DIPUTACIONES LOCALES",
        "DISTRITO_LOCAL",
        "2",
    ),
    TipoEleccion(AYUN, "AYUNTAMIENTOS", "Ayuntamientos", "AYUNTAMIENTOS", "MUNICIPIO", "4"),
)
TIPO_ELECCION: Final[Mapping[str, TipoEleccion]] = {t.clave: t for t in TIPOS_ELECCION}
CLAVES_ELECCION: Final[frozenset[str]] = frozenset(TIPO_ELECCION)
