"""How long publishing one issued document's verification page takes (ADR 0056).

    PYTHONPATH=src flock /tmp/ople-heavy.lock .venv/bin/python bench/documentos.py [--n 30]

A throwaway SQLite database and PUBLISH_ROOT in a temporary directory: it issues `--n` documents
one at a time and times `emision.publicar_pendientes()` after each (one cut of the site
`documentos` per issuing transaction, as on commit). Prints one JSON line: median and max ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ople-bench-documentos-")
    os.environ.update(
        OPLE_DEMO="1",
        OPLE_VAR_DIR=tmp,
        DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
        OPLE_PUBLISH_ROOT=f"{tmp}/publicacion",
        DJANGO_SETTINGS_MODULE="ople.config.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ople.documentos import pdf
    from ople.documentos.services import emision

    tiempos = []
    for i in range(args.n):
        doc = pdf.Documento(
            titulo="Constancia de mayoría",
            lineas=tuple(f"renglón {j} del documento {i}" for j in range(40)),
            folio=f"IEE/CM01/{i:03d}/2024",
            fecha=datetime(2024, 6, 5, 20, 30, tzinfo=UTC),
            firmas=("Presidencia del consejo", "Secretaría técnica"),
        )
        emision.registrar(doc, sistema="computos", publicar_sitio=False)
        t = time.perf_counter()
        emision.publicar_pendientes()
        tiempos.append(time.perf_counter() - t)
    print(
        json.dumps(
            {
                "documentos": args.n,
                "publicar_mediana_ms": round(statistics.median(tiempos) * 1000, 1),
                "publicar_max_ms": round(max(tiempos) * 1000, 1),
                "carga": os.getloadavg()[0],
            }
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
