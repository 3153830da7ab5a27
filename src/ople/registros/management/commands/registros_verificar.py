"""`ople registros verificar CORTE`: check a published cut of the public registers: signature,
chain and hashes (the platform's checks) and the registers' own (removal dates, statistics, CSV
against JSON, pages, victims protected). Runs on a downloaded cut, without configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ople.publicacion.verificar import verificar_corte
from ople.registros.publica.verificar import revisar_corte


class Command(BaseCommand):
    help = "Verifica un corte publicado de los registros públicos (firma, cadena, cifras)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "corte", help="Directorio del corte descargado (cortes/AAAAMMDD_HHMMSS)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        directorio = Path(opts["corte"])
        if not directorio.is_dir():
            raise CommandError(f"No existe el directorio {directorio}.")
        fallas = [str(f) for f in verificar_corte(directorio)] + revisar_corte(directorio)
        if fallas:
            for falla in fallas:
                self.stderr.write(f"FALLA {falla}")
            raise CommandError(f"El corte no verifica: {len(fallas)} falla(s).")
        self.stdout.write(f"El corte {directorio.name} verifica: firma, cadena, archivos y cifras.")
