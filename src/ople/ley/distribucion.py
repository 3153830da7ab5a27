"""Sharing a coalition's combined votes among its parties, and a candidacy's total (legal.md §1.6).

Rule (LGIPE art. 311.1.c, the Bases generales' "Distribución de los votos de candidaturas de
coalición"): a vote marked for two or more partners of a coalition counts once for the
candidacy. At the cómputo, the **sum over the whole cómputo** (distrito or municipio, never per
casilla) of each combination column is shared **equally** among the parties of that combination;
the votes left over from the division go, one at a time, to the partners of that combination with
the **most own votes** in that cómputo. How to break a tie in own votes is an open question
(legal.md §8.4): the caller hands in the order to use (the profile's rule; by default the order on
the ballot).

Worked example of legal.md §1.6::

    >>> distribuir(
    ...     {"PAN": 20_000, "PRI": 9_500, "PRD": 1_200},
    ...     {("PAN", "PRI", "PRD"): 1_001, ("PAN", "PRI"): 350, ("PAN", "PRD"): 77,
    ...      ("PRI", "PRD"): 40},
    ...     desempate=("PAN", "PRI", "PRD"),
    ... )
    {'PAN': 20548, 'PRI': 10029, 'PRD': 1591}

Candidacy totals (who wins, recount cause C5, the ≤ 1 point test) add a coalition's own and
combination columns; the distributed party totals feed vote shares, thresholds and RP.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from ople.ley.boleta import Columna

DESEMPATE_ORDEN_BOLETA: Final = "ORDEN_BOLETA"
DESEMPATE_ORDEN_CONVENIO: Final = "ORDEN_CONVENIO"
REGLAS_DESEMPATE: Final[frozenset[str]] = frozenset(
    {DESEMPATE_ORDEN_BOLETA, DESEMPATE_ORDEN_CONVENIO}
)


class RepartoInvalido(ValueError):
    """The figures given cannot be shared out (message in Spanish)."""


@dataclass(frozen=True, slots=True)
class Asignacion:
    """One combination's share-out: who got what, and who got a leftover vote (the trail)."""

    combinacion: tuple[str, ...]
    votos: int
    cociente: int
    sobrante: int
    sobrante_a: tuple[str, ...]


def _validar(
    propios: Mapping[str, int],
    combinaciones: Mapping[tuple[str, ...], int],
    desempate: Sequence[str],
) -> None:
    for p, v in propios.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise RepartoInvalido(f"los votos de «{p}» deben ser un entero no negativo")
    for combo, v in combinaciones.items():
        nombre = "+".join(combo)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise RepartoInvalido(f"los votos de «{nombre}» deben ser un entero no negativo")
        if len(combo) < 2:
            raise RepartoInvalido(f"«{nombre}» necesita al menos dos partidos")
        if len(set(combo)) != len(combo):
            raise RepartoInvalido(f"«{nombre}» repite un partido")
        faltan = [p for p in combo if p not in propios]
        if faltan:
            raise RepartoInvalido(
                f"«{nombre}» incluye partidos sin votación propia: {', '.join(faltan)}"
            )
    faltan_orden = [p for p in propios if p not in desempate]
    if faltan_orden:
        raise RepartoInvalido(
            f"el orden de desempate no incluye a: {', '.join(sorted(faltan_orden))}"
        )


def asignaciones(
    propios: Mapping[str, int],
    combinaciones: Mapping[tuple[str, ...], int],
    *,
    desempate: Sequence[str],
) -> list[Asignacion]:
    """Each combination's share-out, in the order given (the explainable trail of `distribuir`).

    ``propios``: each party's own column summed over the cómputo (before any sharing).
    ``desempate``: the order that breaks ties in own votes (earlier wins).
    """
    _validar(propios, combinaciones, desempate)
    rango = {p: i for i, p in enumerate(desempate)}
    salida: list[Asignacion] = []
    for combo, votos in combinaciones.items():
        cociente, sobrante = divmod(votos, len(combo))
        orden = sorted(combo, key=lambda p: (-propios[p], rango[p]))
        salida.append(Asignacion(tuple(combo), votos, cociente, sobrante, tuple(orden[:sobrante])))
    return salida


def distribuir(
    propios: Mapping[str, int],
    combinaciones: Mapping[tuple[str, ...], int],
    *,
    desempate: Sequence[str],
) -> dict[str, int]:
    """Each party's total after sharing out every combination (integers only; see module doc).

    The sum is preserved: Σ result = Σ propios + Σ combinaciones. Parties keep the order of
    ``propios``.
    """
    salida = dict(propios)
    for a in asignaciones(propios, combinaciones, desempate=desempate):
        for p in a.combinacion:
            salida[p] += a.cociente
        for p in a.sobrante_a:
            salida[p] += 1
    return salida


@dataclass(frozen=True, slots=True)
class Candidatura:
    """One candidacy on the ballot: the columns whose votes are its votes."""

    clave: str  # the party's siglas, the coalition's or common candidacy's name, CAND_IND_n
    columnas: tuple[str, ...]
    partidos: tuple[str, ...]  # the parties that nominate it (none for an independent)


def candidaturas(
    cols: Sequence[Columna], coaliciones: Mapping[str, Sequence[str]] | None = None
) -> list[Candidatura]:
    """The candidacies of one contest from its ballot columns (``ople.ley.boleta``).

    ``coaliciones``: coalition name → its parties, for the coalitions contesting *this*
    demarcación (a party in one nominates the coalition's candidate; its own column counts for
    it). CNR and NULOS are not candidacies.
    """
    coaliciones = coaliciones or {}
    de_partido: dict[str, str] = {}
    for nombre, miembros in coaliciones.items():
        for p in miembros:
            if p in de_partido:
                raise RepartoInvalido(f"«{p}» está en dos coaliciones: {de_partido[p]}, {nombre}")
            de_partido[p] = nombre
    cand: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    for c in cols:
        if c.tipo == "PARTIDO":
            p = c.partidos[0]
            clave = de_partido.get(p, p)
            partidos = tuple(coaliciones[clave]) if clave in coaliciones else (p,)
        elif c.tipo == "COMBINACION":
            duenos = {de_partido.get(p, "") for p in c.partidos}
            if len(duenos) != 1 or "" in duenos:
                continue  # the combination belongs to no coalition contesting here
            clave = next(iter(duenos))
            partidos = tuple(coaliciones[clave])
        elif c.tipo == "CAND_COMUN":
            clave, partidos = c.columna, c.partidos
        elif c.tipo == "CI":
            clave, partidos = c.columna, ()
        else:
            continue
        cand.setdefault(clave, ([], partidos))[0].append(c.columna)
    return [Candidatura(k, tuple(v[0]), v[1]) for k, v in cand.items()]


def totales_candidatura(votos: Mapping[str, int], cands: Sequence[Candidatura]) -> dict[str, int]:
    """Each candidacy's votes: the sum of its columns (missing columns count 0)."""
    return {c.clave: sum(votos.get(col, 0) for col in c.columnas) for c in cands}


def primero_y_segundo(totales: Mapping[str, int]) -> tuple[tuple[str, int], tuple[str, int]]:
    """The first and second candidacies by votes (ties keep the given order); a lone candidacy
    has an empty second with 0 votes."""
    orden = sorted(totales.items(), key=lambda kv: -kv[1])
    if not orden:
        return ("", 0), ("", 0)
    if len(orden) == 1:
        return orden[0], ("", 0)
    return orden[0], orden[1]
