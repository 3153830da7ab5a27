"""When a casilla's package is re-counted (C1–C7), the total recount test, and the planning of
grupos de trabajo (legal.md §1.3–1.5). Pure, typed, exact.

Causes (LGIPE art. 311 as kept in the INE Bases generales, plus the package's condition):

====  =======================================================================================
C1    The acta in the package differs from the copy held by the presidency or a representative.
C2    The acta shows evident alterations that raise a well-founded doubt.
C3    No acta in the package and no copy in the presidency's hands.
C4    Evident errors or inconsistencies among the acta's fundamental fields (people who voted,
      ballots taken out of the box, total of the results), illegible or blank figures, or more
      votes than ballots received — unless cleared up with other material.
C5    Null votes **exceed** the difference between the first and second **candidacies**
      (a coalition's own and combination columns add up to its candidacy).
C6    Every valid vote went to a single column (a "casilla zapato").
C7    The package shows signs of tampering.
====  =======================================================================================

The C5 example of legal.md §1.3::

    >>> acta = Acta(votos={"A": 120, "B": 112, "NULOS": 9})
    >>> causales(Expediente(acta_paquete=acta, copia_presidencia=acta),
    ...          candidaturas=CANDIDATURAS_SIMPLES(("A", "B")))
    ('C5',)

The total recount (§1.4): ordered when the difference between the first and second candidacies
is **1 point or less** of the base (by default the votación total emitida; the profile says) and
the second place's representative expressly asks for it::

    >>> prueba_recuento_total({"A": 30_150, "B": 29_420}, base=85_432, solicitado=True).procede
    True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

from ople.ley.boleta import NO_REGISTRADOS, NULOS
from ople.ley.distribucion import Candidatura, primero_y_segundo, totales_candidatura

CAUSALES: Final[Mapping[str, str]] = {
    "C1": "El acta del paquete no coincide con la copia de la presidencia o de una representación",
    "C2": "El acta presenta alteraciones evidentes que generan duda fundada",
    "C3": "No hay acta en el paquete ni copia en poder de la presidencia",
    "C4": "Errores o inconsistencias evidentes entre los rubros del acta",
    "C5": "Los votos nulos son más que la diferencia entre el primer y el segundo lugar",
    "C6": "Todos los votos se depositaron a favor de una sola opción",
    "C7": "El paquete presenta muestras de alteración",
}

BASE_VTE: Final = "VOTACION_TOTAL_EMITIDA"
BASE_VVE: Final = "VOTACION_VALIDA_EMITIDA"
BASES_RECUENTO: Final[frozenset[str]] = frozenset({BASE_VTE, BASE_VVE})


@dataclass(frozen=True, slots=True)
class Acta:
    """The figures of one acta de escrutinio y cómputo (the package's, or a copy).

    ``votos``: every vote column (parties, combinations, CI, NO_REGISTRADOS, NULOS); a column
    whose figure is illegible or blank is absent from it and named in ``ilegibles``.
    """

    votos: Mapping[str, int]
    personas_votaron: int | None = None  # including representatives who voted at the casilla
    votos_sacados: int | None = None
    boletas_recibidas: int | None = None
    ilegibles: frozenset[str] = frozenset()
    alteraciones_evidentes: bool = False

    @property
    def total(self) -> int:
        """The total of the results: every column, CNR and NULOS included."""
        return sum(self.votos.values())


@dataclass(frozen=True, slots=True)
class Expediente:
    """What is in hand for one casilla before its cotejo (legal.md §1.2, DISPONIBILIDAD_ACTAS)."""

    acta_paquete: Acta | None = None
    copia_presidencia: Acta | None = None
    copias_representantes: tuple[Acta, ...] = ()
    paquete_con_alteracion: bool = False
    inconsistencia_aclarada: bool = False  # C4 cleared up "to the full satisfaction" (§1.3)
    columnas_validas: tuple[str, ...] = field(default=())  # for C6; default: all but CNR/NULOS


def CANDIDATURAS_SIMPLES(partidos: Sequence[str]) -> list[Candidatura]:  # noqa: N802
    """One candidacy per party, no coalitions (tables, doctests)."""
    return [Candidatura(p, (p,), (p,)) for p in partidos]


def inconsistencias(acta: Acta) -> list[str]:
    """The C4 findings of one acta, in Spanish (empty: consistent)."""
    hallazgos: list[str] = []
    if acta.ilegibles:
        hallazgos.append("cifras ilegibles o en blanco: " + ", ".join(sorted(acta.ilegibles)))
    rubros = {
        "personas que votaron": acta.personas_votaron,
        "votos sacados de la urna": acta.votos_sacados,
        "total de la votación": acta.total,
    }
    presentes = {k: v for k, v in rubros.items() if v is not None}
    if len(set(presentes.values())) > 1:
        hallazgos.append("no coinciden: " + ", ".join(f"{k} {v}" for k, v in presentes.items()))
    if acta.boletas_recibidas is not None and acta.total > acta.boletas_recibidas:
        hallazgos.append(
            f"más votos ({acta.total}) que boletas recibidas ({acta.boletas_recibidas})"
        )
    return hallazgos


def _difiere(a: Acta, b: Acta) -> bool:
    return dict(a.votos) != dict(b.votos) or a.ilegibles != b.ilegibles


def causales(exp: Expediente, *, candidaturas: Sequence[Candidatura]) -> tuple[str, ...]:
    """The recount causes of one casilla, in order C1…C7 (empty: its figures can be accepted)."""
    salida: list[str] = []
    if exp.acta_paquete is None and exp.copia_presidencia is None:
        salida.append("C3")
        if exp.paquete_con_alteracion:
            salida.append("C7")
        return tuple(salida)
    acta = exp.acta_paquete if exp.acta_paquete is not None else exp.copia_presidencia
    assert acta is not None
    if exp.acta_paquete is not None:
        copias = [c for c in (exp.copia_presidencia, *exp.copias_representantes) if c]
        if any(_difiere(exp.acta_paquete, c) for c in copias):
            salida.append("C1")
    if acta.alteraciones_evidentes:
        salida.append("C2")
    if inconsistencias(acta) and not exp.inconsistencia_aclarada:
        salida.append("C4")
    (_, primero), (_, segundo) = primero_y_segundo(totales_candidatura(acta.votos, candidaturas))
    if acta.votos.get(NULOS, 0) > primero - segundo:
        salida.append("C5")
    validas = exp.columnas_validas or tuple(
        c for c in acta.votos if c not in (NULOS, NO_REGISTRADOS)
    )
    con_votos = [c for c in validas if acta.votos.get(c, 0) > 0]
    if len(con_votos) == 1:
        salida.append("C6")
    if exp.paquete_con_alteracion:
        salida.append("C7")
    return tuple(salida)


# --- total recount ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PruebaRecuentoTotal:
    """The ≤ 1 point test, explained."""

    primero: str
    segundo: str
    diferencia: int  # votes
    base: int
    puntos: Fraction  # difference as percentage points of the base, exact
    indicio: bool  # puntos ≤ umbral
    solicitado: bool
    procede: bool

    def puntos_texto(self, decimales: int = 3) -> str:
        """The points truncated to ``decimales`` (for display only; the test uses the Fraction)."""
        escala = 10**decimales
        q = self.puntos.numerator * escala // self.puntos.denominator
        entero, frac = divmod(q, escala)
        return f"{entero}.{frac:0{decimales}d}"


def base_recuento(votos: Mapping[str, int], regla: str) -> int:
    """The denominator of the ≤ 1 point test, by the profile's rule (legal.md §8.6)."""
    if regla not in BASES_RECUENTO:
        raise ValueError(f"base de recuento desconocida: {regla}")
    total = sum(votos.values())
    if regla == BASE_VVE:
        return total - votos.get(NULOS, 0) - votos.get(NO_REGISTRADOS, 0)
    return total


def prueba_recuento_total(
    totales: Mapping[str, int],
    *,
    base: int,
    solicitado: bool,
    umbral: Fraction = Fraction(1),
) -> PruebaRecuentoTotal:
    """Whether a total recount proceeds: difference ≤ ``umbral`` points **and** an express request
    by the second place (legal.md §1.4). ``totales``: votes per candidacy."""
    (p1, v1), (p2, v2) = primero_y_segundo(totales)
    diferencia = v1 - v2
    puntos = Fraction(diferencia * 100, base) if base > 0 else Fraction(0)
    indicio = base > 0 and puntos <= umbral
    return PruebaRecuentoTotal(
        p1, p2, diferencia, base, puntos, indicio, solicitado, indicio and solicitado
    )


# --- planning of grupos de trabajo (NOT law: a helper with the profile's constants) -------------


@dataclass(frozen=True, slots=True)
class PlanGrupos:
    """How many grupos de trabajo and puntos de recuento, as a planning suggestion."""

    paquetes: int
    grupos: int
    puntos_por_grupo: int
    segmentos: int
    suficiente: bool  # the capacity covers every package before the deadline
    en_pleno: bool  # few packages: re-counted in the pleno, no GT


def planear_grupos(
    paquetes: int,
    *,
    segmentos: int,
    umbral_grupos: int = 20,
    grupos: int = 5,
    max_puntos_por_grupo: int = 8,
) -> PlanGrupos:
    """PR = ceil(NCR / (GT × S)) capped (legal.md §1.5, [G]): a planning aid, never a legal rule.

    ``segmentos``: 30-minute segments left before the deadline; one point re-counts one package
    per segment.
    """
    if paquetes < 0 or segmentos <= 0 or grupos <= 0 or max_puntos_por_grupo <= 0:
        raise ValueError("parámetros de planeación no válidos")
    if paquetes <= umbral_grupos:
        return PlanGrupos(paquetes, 0, 0, segmentos, paquetes <= segmentos, True)
    pr = math.ceil(paquetes / (grupos * segmentos))
    pr_final = min(max(pr, 1), max_puntos_por_grupo)
    suficiente = grupos * pr_final * segmentos >= paquetes
    return PlanGrupos(paquetes, grupos, pr_final, segmentos, suficiente, False)
