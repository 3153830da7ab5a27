"""`ople load-catalog aguascalientes` (or a directory with the same layout; docs/catalogo.md)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ople.catalog import services
from ople.catalog.importers import ErrorImportacion


class Command(BaseCommand):
    help = "Carga (idempotente, en una sola transacción) un catálogo de referencia."

    def add_arguments(self, parser):
        parser.add_argument(
            "dataset", help="nombre de un catálogo incluido (aguascalientes) o ruta"
        )

    def handle(self, *args, dataset: str, **options):
        try:
            directorio = services.ruta_dataset(dataset)
            conteo = services.cargar_catalogo(directorio=directorio, actor=None)
        except ErrorImportacion as exc:
            raise CommandError("catálogo rechazado:\n  " + "\n  ".join(exc.errores)) from None
        self.stdout.write(f"Catálogo «{directorio.name}» cargado.")
        self.stdout.write(json.dumps(conteo, ensure_ascii=False))
