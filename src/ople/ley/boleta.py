"""The vote columns of a ballot, in INE order (pure: no Django).

The order, as in the PREP CSV files the OPLEs publish (e.g. IEQROO 2019 diputaciones):

1. every party, in registration order;
2. for each coalition (coalitions in the order of their parties), every combination of two or
   more of its parties: the largest first, then in party order — for PAN+PRD+PESQROO that is
   ``C_PAN_PRD_PESQROO, C_PAN_PRD, C_PAN_PESQROO, C_PRD_PESQROO`` (2^k − k − 1 columns);
3. each candidatura común, one column ``CC_<partidos>`` (a vote marked on more than one of its
   emblems counts for the common candidate);
4. ``CAND_IND_1 … CAND_IND_n``;
5. ``NO_REGISTRADOS`` and ``NULOS``.

A combination produced by two coalitions (the same parties allied in different demarcaciones) is
one column, listed where it first appears.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

TipoColumna = Literal["PARTIDO", "COMBINACION", "CAND_COMUN", "CI", "CNR", "NULOS"]
TipoAlianza = Literal["COALICION", "CAND_COMUN"]

NO_REGISTRADOS = "NO_REGISTRADOS"
NULOS = "NULOS"


class BoletaInvalida(ValueError):
    """The parties or alliances given cannot form a ballot (message in Spanish)."""


@dataclass(frozen=True)
class Alianza:
    """A coalition or a candidatura común: a name and its member parties (siglas)."""

    nombre: str
    partidos: tuple[str, ...]
    tipo: TipoAlianza = "COALICION"


@dataclass(frozen=True)
class Columna:
    columna: str
    tipo: TipoColumna
    partidos: tuple[str, ...] = ()
    alianzas: tuple[str, ...] = field(default=())
    numero_ci: int | None = None


def nombre_combinacion(partidos: Sequence[str], prefijo: str = "C") -> str:
    return prefijo + "_" + "_".join(partidos)


def combinaciones(miembros: Sequence[str], orden: Sequence[str]) -> list[tuple[str, ...]]:
    """Every combination of 2+ members: largest first, then in party (registration) order."""
    posicion = {p: i for i, p in enumerate(orden)}
    ordenados = sorted(miembros, key=lambda p: posicion[p])
    salida: list[tuple[str, ...]] = []
    for tam in range(len(ordenados), 1, -1):
        salida.extend(combinations(ordenados, tam))
    return salida


def _validar(partidos: Sequence[str], alianzas: Sequence[Alianza], independientes: int) -> None:
    for p in partidos:
        # No underscore: combination, CI and special column names all contain one.
        if not re.fullmatch(r"[A-Z][A-Z0-9]*", p) or p == NULOS:
            raise BoletaInvalida(f"siglas no válidas para una columna: «{p}»")
    if len(set(partidos)) != len(partidos):
        repetidos = sorted({p for p in partidos if list(partidos).count(p) > 1})
        raise BoletaInvalida(f"partido repetido: {', '.join(repetidos)}")
    if independientes < 0:
        raise BoletaInvalida("el número de candidaturas independientes no puede ser negativo")
    conocidos = set(partidos)
    for a in alianzas:
        if len(a.partidos) < 2:
            raise BoletaInvalida(f"«{a.nombre}» necesita al menos dos partidos")
        if len(set(a.partidos)) != len(a.partidos):
            raise BoletaInvalida(f"«{a.nombre}» repite un partido")
        desconocidos = [p for p in a.partidos if p not in conocidos]
        if desconocidos:
            raise BoletaInvalida(
                f"«{a.nombre}» incluye partidos que no están en la boleta: {', '.join(desconocidos)}"
            )


def columnas(
    *,
    partidos: Sequence[str],
    alianzas: Sequence[Alianza] = (),
    independientes: int = 0,
) -> list[Columna]:
    """All the vote columns of one election, in INE order (see the module docstring)."""
    _validar(partidos, alianzas, independientes)
    posicion = {p: i for i, p in enumerate(partidos)}

    def clave_alianza(a: Alianza) -> tuple[int, ...]:
        return tuple(sorted(posicion[p] for p in a.partidos))

    salida: list[Columna] = [Columna(columna=p, tipo="PARTIDO", partidos=(p,)) for p in partidos]
    vistos: dict[str, int] = {c.columna: i for i, c in enumerate(salida)}

    def agregar(col: Columna) -> None:
        if col.columna in vistos:
            previa = salida[vistos[col.columna]]
            if previa.tipo != col.tipo:
                raise BoletaInvalida(f"la columna {col.columna} se genera de dos formas")
            nuevas = tuple(dict.fromkeys(previa.alianzas + col.alianzas))
            salida[vistos[col.columna]] = Columna(
                columna=previa.columna, tipo=previa.tipo, partidos=previa.partidos, alianzas=nuevas
            )
            return
        vistos[col.columna] = len(salida)
        salida.append(col)

    for a in sorted((a for a in alianzas if a.tipo == "COALICION"), key=clave_alianza):
        for combo in combinaciones(a.partidos, partidos):
            agregar(
                Columna(
                    columna=nombre_combinacion(combo),
                    tipo="COMBINACION",
                    partidos=combo,
                    alianzas=(a.nombre,),
                )
            )
    for a in sorted((a for a in alianzas if a.tipo == "CAND_COMUN"), key=clave_alianza):
        miembros = tuple(sorted(a.partidos, key=lambda p: posicion[p]))
        agregar(
            Columna(
                columna=nombre_combinacion(miembros, "CC"),
                tipo="CAND_COMUN",
                partidos=miembros,
                alianzas=(a.nombre,),
            )
        )
    for n in range(1, independientes + 1):
        agregar(Columna(columna=f"CAND_IND_{n}", tipo="CI", numero_ci=n))
    agregar(Columna(columna=NO_REGISTRADOS, tipo="CNR"))
    agregar(Columna(columna=NULOS, tipo="NULOS"))
    return salida


def nombres(cols: Sequence[Columna]) -> list[str]:
    return [c.columna for c in cols]
