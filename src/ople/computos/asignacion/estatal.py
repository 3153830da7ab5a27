"""The cómputo estatal's sum (pure): the distrital cómputos → the statewide figures of the RP
allocation (legal.md §2.1), with a table of where every figure came from.

Each distrital cómputo gives its party votes **after** its own coalition split (legal.md §1.6),
its nulos, no registrados and independents' votes, the party that nominated its MR winner (by the
coalition's siglado) or that an independent won, and which parties registered an MR candidacy
there (the 14-of-18 requirement). The sum checks that every expected district is there exactly
once, then builds an ``Eleccion`` for ``ople.ley.rp.asignar``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ople.ley.rp import Eleccion, EntradaInvalida


@dataclass(frozen=True)
class ComputoDistrital:
    distrito: int
    votos: Mapping[str, int]
    nulos: int = 0
    no_registrados: int = 0
    independientes: int = 0
    ganador: str | None = None  # the party whose nominee won the district (siglado)
    gana_independiente: bool = False
    candidaturas: Collection[str] = field(default_factory=frozenset)


def sumar(
    distritales: Sequence[ComputoDistrital],
    *,
    rp: int,
    distritos_esperados: int | None = None,
    escanos: int | None = None,
) -> Eleccion:
    """The Congress's ``Eleccion`` from its distrital cómputos (errors name the district)."""
    if not distritales:
        raise EntradaInvalida("distritos", "no hay ningún cómputo distrital")
    vistos: set[int] = set()
    votos: dict[str, int] = {}
    mr: dict[str, int] = {}
    con_candidatura: dict[str, int] = {}
    nulos = no_registrados = independientes = mr_independientes = 0
    for c in sorted(distritales, key=lambda c: c.distrito):
        campo = f"distritos[distrito {c.distrito}]"
        if c.distrito in vistos:
            raise EntradaInvalida(campo, "el distrito aparece dos veces")
        vistos.add(c.distrito)
        for p, v in c.votos.items():
            if type(v) is not int or v < 0:
                raise EntradaInvalida(f"{campo}.votos.{p}", "debe ser un número entero no negativo")
            votos[p] = votos.get(p, 0) + v
        for nombre, n in (
            ("nulos", c.nulos),
            ("no_registrados", c.no_registrados),
            ("independientes", c.independientes),
        ):
            if type(n) is not int or n < 0:
                raise EntradaInvalida(f"{campo}.{nombre}", "debe ser un número entero no negativo")
        nulos += c.nulos
        no_registrados += c.no_registrados
        independientes += c.independientes
        if c.gana_independiente:
            if c.ganador is not None:
                raise EntradaInvalida(
                    f"{campo}.ganador", "lo ganó una candidatura independiente: no hay partido"
                )
            mr_independientes += 1
        else:
            if c.ganador is None or c.ganador not in c.votos:
                raise EntradaInvalida(
                    f"{campo}.ganador", "debe ser un partido con votos en el distrito"
                )
            mr[c.ganador] = mr.get(c.ganador, 0) + 1
        for p in set(c.candidaturas):
            con_candidatura[p] = con_candidatura.get(p, 0) + 1
    if distritos_esperados is not None:
        faltan = sorted(set(range(1, distritos_esperados + 1)) - vistos)
        sobran = sorted(vistos - set(range(1, distritos_esperados + 1)))
        if faltan:
            raise EntradaInvalida(
                "distritos", f"faltan los cómputos de los distritos {', '.join(map(str, faltan))}"
            )
        if sobran:
            raise EntradaInvalida(
                "distritos",
                f"distritos fuera de 1–{distritos_esperados}: {', '.join(map(str, sobran))}",
            )
    return Eleccion(
        rp=rp,
        votos=votos,
        escanos=escanos,
        nulos=nulos,
        no_registrados=no_registrados,
        independientes=independientes,
        mr=mr,
        mr_independientes=mr_independientes,
        distritos_con_candidatura={p: con_candidatura.get(p, 0) for p in votos},
    )
