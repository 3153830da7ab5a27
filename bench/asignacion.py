"""Benchmark of the RP allocation engine (ople.ley.rp): N random Congress allocations under the
Aguascalientes parameters (27 seats, 9 RP, 3 %, 14 districts, direct seat, ±8 points, tope 18),
half of them subtracting the votes used by the direct seat, half with the other compensation
strategy. Lawyers and journalists run many what-ifs: the target is ≥ 1,000 allocations/s.
The elections are generated before the clock starts; the last printed line is JSON.

    flock /tmp/ople-heavy.lock .venv/bin/python bench/asignacion.py [--n 10000] [--semilla 2024]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from dataclasses import replace
from fractions import Fraction

from ople.ley.rp import Eleccion, Reglas, asignar

AGS = Reglas(
    umbral=Fraction(3, 100),
    distritos_minimos=14,
    asignacion_directa=True,
    banda=Fraction(8, 100),
    tope_escanos=18,
)
PARTIDOS = ("PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA", "NAEA", "FXM")


def eleccion(azar: random.Random) -> Eleccion:
    """A plausible statewide result: 5–9 parties, ~600,000 votes, 18 MR seats."""
    partidos = azar.sample(PARTIDOS, azar.randint(5, len(PARTIDOS)))
    pesos = [azar.gammavariate(1.0, 1.0) + 0.05 for _ in partidos]
    total = azar.randint(450_000, 700_000)
    votos = {p: int(total * w / sum(pesos)) for p, w in zip(partidos, pesos, strict=True)}
    mr: dict[str, int] = dict.fromkeys(partidos, 0)
    mr_ind = 1 if azar.random() < 0.05 else 0
    for _ in range(18 - mr_ind):  # each district to a party, likelier the more votes it has
        mr[azar.choices(partidos, weights=[votos[p] ** 2 for p in partidos])[0]] += 1
    return Eleccion(
        rp=9,
        escanos=27,
        votos=votos,
        nulos=azar.randint(5_000, 25_000),
        no_registrados=azar.randint(0, 3_000),
        independientes=azar.randint(0, 15_000),
        mr=mr,
        mr_independientes=mr_ind,
        distritos_con_candidatura={p: azar.choice((18, 18, 18, 16, 12)) for p in partidos},
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--semilla", type=int, default=2024)
    args = ap.parse_args()
    azar = random.Random(args.semilla)
    variantes = [
        AGS,
        replace(AGS, restar_votos_usados=True),
        replace(AGS, compensacion="mayor_sobrerrepresentacion"),
        replace(AGS, restar_votos_usados=True, compensacion="mayor_sobrerrepresentacion"),
    ]
    casos = [(eleccion(azar), variantes[i % 4]) for i in range(args.n)]
    asignar(*casos[0])  # warm-up
    duraciones: list[float] = []
    compensaciones = topes = avisos = 0
    inicio = time.perf_counter()
    for e, reglas in casos:
        t0 = time.perf_counter()
        r = asignar(e, reglas)
        duraciones.append(time.perf_counter() - t0)
        assert sum(r.rp.values()) + r.sin_asignar == 9
        compensaciones += any(p.tipo == "compensacion" for p in r.pasos)
        topes += any(p.tipo == "tope" and p.escanos for p in r.pasos)
        avisos += bool(r.avisos)
    total_s = time.perf_counter() - inicio
    duraciones.sort()
    print(
        json.dumps(
            {
                "bench": "asignacion",
                "asignaciones": args.n,
                "asignaciones_por_s": round(args.n / total_s),
                "total_s": round(total_s, 3),
                "mediana_ms": round(statistics.median(duraciones) * 1000, 3),
                "p99_ms": round(duraciones[int(0.99 * len(duraciones)) - 1] * 1000, 3),
                "con_compensacion": compensaciones,
                "con_tope_en_el_cociente": topes,
                "con_avisos": avisos,
                "loadavg": round(os.getloadavg()[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
