"""The allocation's result as data: the command's JSON line and the acuerdo's annex tables (pure).

Fractions are written exactly (``"130600/3"``, ``"81200"``), never as floats."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ople.ley.rp import TIPOS_ESCANO, Paso, Resultado


def fraccion(x: Fraction | None) -> str | None:
    if x is None:
        return None
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def paso(p: Paso) -> dict[str, Any]:
    return {
        "tipo": p.tipo,
        "partido": p.partido,
        "escanos": p.escanos,
        "ronda": p.ronda,
        "votos": fraccion(p.votos),
        "cociente": fraccion(p.cociente),
        "resto": fraccion(p.resto),
        "cede": p.cede,
        "detalle": p.detalle,
    }


def orden(r: Resultado) -> list[str]:
    """Parties by total seats, then RP seats, then name (the tables' order)."""
    return sorted(r.total, key=lambda p: (-r.total[p], -r.rp[p], p))


def como_json(r: Resultado) -> dict[str, Any]:
    """``{"rp": {…}, "total": {…}, "pasos": […]}`` (the command's last line)."""
    partidos = orden(r)
    return {
        "rp": {p: r.rp[p] for p in partidos},
        "total": {p: r.total[p] for p in partidos},
        "pasos": [paso(p) for p in r.pasos],
    }


ENCABEZADO = (
    "Partido",
    "MR",
    "Directa",
    "Cociente",
    "Resto",
    "Tope",
    "Excedente",
    "Compensación",
    "RP",
    "Total",
)


def tabla(r: Resultado) -> list[tuple[str, ...]]:
    """The annex table (one row per party and a Σ row): MR, RP by kind, RP, total."""
    filas: list[tuple[str, ...]] = []
    sumas = [0] * (len(TIPOS_ESCANO) + 3)
    for p in orden(r):
        mr = r.total[p] - r.rp[p]
        cifras = [mr, *(r.por_tipo[p][t] for t in TIPOS_ESCANO), r.rp[p], r.total[p]]
        sumas = [a + b for a, b in zip(sumas, cifras, strict=True)]
        filas.append((p, *(str(c) for c in cifras)))
    filas.append(("Σ", *(str(c) for c in sumas)))
    return filas
