"""Benchmark of the drill after the night (`ople.simulacro.continuacion`) on the whole
Aguascalientes catalog, on SQLite:

    flock /tmp/ople-heavy.lock .venv/bin/python bench/continuacion.py [--seed 7] [--consejos N]

The night's truth is the simulacro's own script (`escenario.generar` over every expected acta),
without playing the night over HTTP; then the packages of every casilla travel (`paquetes_s`),
the 29 consejos run their cómputos (`computos_s`), the cuts are published and the RP allocation
is derived from the cómputos and published (`asignacion_s`). A fresh SQLite file in a temporary
directory. The last line printed is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--consejos", type=int, help="A lo más N consejos por elección (por omisión, todos)"
    )
    args = ap.parse_args()
    raiz = Path(tempfile.mkdtemp(prefix="ople-continuacion-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{raiz / 'bench.sqlite3'}"
    os.environ.setdefault("OPLE_SECRET_KEY", "bench-" + "x" * 40)
    os.environ["OPLE_VAR_DIR"] = str(raiz / "var")
    os.environ["OPLE_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from ople.catalog import selectors as catalogo
    from ople.prep.services import actas as actas_svc
    from ople.simulacro import continuacion, preparacion
    from ople.simulacro import escenario as esc

    call_command("migrate", verbosity=0)
    call_command("load_catalog", "aguascalientes")
    proceso = catalogo.proceso_activo()
    actas_svc.generar_actas_esperadas(proceso=proceso, actor=None)
    entradas, info = preparacion.entradas_del_proceso(proceso)
    escenario = esc.generar(entradas, semilla=args.seed)
    verdad = continuacion.verdad_de_la_noche(escenario.actas, info)
    print(f"{len(escenario.actas)} actas, {len(verdad)} casillas×elección", flush=True)
    t0 = time.perf_counter()
    rp = continuacion.mover_paquetes(
        proceso=proceso, verdad=verdad, semilla=args.seed, consejos_por_eleccion=args.consejos
    )
    t1 = time.perf_counter()
    rc = continuacion.correr_computos(
        proceso=proceso, verdad=verdad, semilla=args.seed, consejos_por_eleccion=args.consejos
    )
    t2 = time.perf_counter()
    print(continuacion.publicar_cortes(), flush=True)
    codigo, texto = continuacion.asignar_rp(vigente_desde=proceso.fecha_jornada)
    t3 = time.perf_counter()
    print(texto.strip())
    print(
        json.dumps(
            {
                "paquetes": rp.paquetes,
                "eventos": rp.eventos,
                "paquetes_s": round(t1 - t0, 1),
                "ms_por_evento": round(1000 * (t1 - t0) / max(rp.eventos, 1), 1),
                "consejos_cerrados": rc.cerrados,
                "casillas": rc.casillas,
                "recontadas": rc.recontadas,
                "causales": dict(rc.causales),
                "computos_s": round(t2 - t1, 1),
                "ms_por_casilla_computo": round(1000 * (t2 - t1) / max(rc.casillas, 1), 1),
                "asignacion_codigo": codigo,
                "asignacion_s": round(t3 - t2, 1),
                "total_s": round(t3 - t0, 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
