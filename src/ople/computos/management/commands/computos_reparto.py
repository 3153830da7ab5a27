"""``ople computos reparto ENTRADA.json``: share a coalition's combined votes among its parties
(legal.md §1.6) — for lawyers, parties and citizens; no configuration needed.

Prints each combination's share-out and, as its last line, the JSON of the distributed totals.
Bad input: a Spanish message on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ople.computos import reparto
from ople.ley.distribucion import RepartoInvalido


class Command(BaseCommand):
    help = (
        "Distribuye los votos de las combinaciones de una coalición entre sus partidos "
        "(partes iguales; el sobrante, voto por voto, a los de mayor votación propia)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "entrada",
            help='JSON: {"partidos": {"PAN": 20000, …}, "combinaciones": {"PAN+PRI": 350, …}, '
            '"desempate": ["PAN", …] (opcional; por omisión, el orden de «partidos»)}; '
            "«-» lee la entrada estándar",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        ruta = opts["entrada"]
        try:
            texto = sys.stdin.buffer.read() if ruta == "-" else Path(ruta).read_bytes()
        except OSError as exc:
            self.stderr.write(f"No se pudo leer {ruta}: {exc.strerror or exc}")
            sys.exit(2)
        try:
            r = reparto.leer(texto)
            resultado = r.distribuido()
        except RepartoInvalido as exc:
            self.stderr.write(f"Entrada no válida: {exc}")
            sys.exit(2)
        for a in r.detalle():
            resto = f", sobrante {a.sobrante} a {', '.join(a.sobrante_a)}" if a.sobrante else ""
            self.stdout.write(
                f"{'+'.join(a.combinacion)}: {a.votos} votos, {a.cociente} a cada partido{resto}"
            )
        self.stdout.write(json.dumps(resultado, ensure_ascii=False))
