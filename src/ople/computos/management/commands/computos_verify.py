"""``ople computos verify CORTE``: check a published cut of the cómputos — the platform's checks
(signature, hashes, chain: `ople.publicacion.verificar`) and, on top, every cómputo's totals and
coalition split recomputed from the published casilla rows. No configuration needed.
Exit 0 when everything verifies, 1 on any difference, 2 when the cut cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ople.computos import publicacion
from ople.publicacion.verificar import verificar_corte


class Command(BaseCommand):
    help = "Verifica un corte publicado de los cómputos y recalcula sus totales y su distribución."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("corte", help="directorio del corte (cortes/NOMBRE)")
        parser.add_argument("--clave-publica", help="clave pública del instituto (PEM)")

    def handle(self, *args: Any, **opts: Any) -> None:
        d = Path(opts["corte"])
        if not (d / "datos" / "computos.json").is_file():
            self.stderr.write(f"{d}: no es un corte de los cómputos (falta datos/computos.json)")
            sys.exit(2)
        pem = Path(opts["clave_publica"]).read_bytes() if opts.get("clave_publica") else None
        fallas = [str(f) for f in verificar_corte(d, clave_publica=pem)]
        archivos = {str(p.relative_to(d)): p.read_bytes() for p in d.rglob("*") if p.is_file()}
        fallas += publicacion.verificar(archivos)
        for f in fallas:
            self.stdout.write(f"FALLA: {f}")
        if fallas:
            sys.exit(1)
        self.stdout.write("El corte verifica: firma, cadena y cifras recalculadas coinciden.")
