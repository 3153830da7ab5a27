"""`ople import-catalog <tipo> ARCHIVO [--proceso CLAVE] [--sintetica]` (formats: docs/catalogo.md)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ople.catalog import services
from ople.catalog.importers import ErrorImportacion
from ople.catalog.models import ProcesoElectoral


class Command(BaseCommand):
    help = "Importa un CSV del catálogo: todo o nada; los errores dicen la línea y el motivo."

    def add_arguments(self, parser):
        parser.add_argument("tipo", choices=services.TIPOS_IMPORTACION)
        parser.add_argument("archivo", type=Path)
        parser.add_argument(
            "--proceso", help="clave del proceso (p. ej. 2023-2024); por omisión el más reciente"
        )
        parser.add_argument(
            "--sintetica", action="store_true", help="marca las casillas como datos sintéticos"
        )

    def handle(self, *args, tipo: str, archivo: Path, proceso: str | None, sintetica: bool, **o):
        if not archivo.is_file():
            raise CommandError(f"no existe el archivo {archivo}")
        proc = None
        if tipo in ("partidos", "coaliciones", "candidaturas"):
            qs = ProcesoElectoral.objects.all()
            proc = qs.filter(clave=proceso).first() if proceso else qs.first()
            if proc is None:
                raise CommandError("no hay proceso electoral: cargue el catálogo primero")
        try:
            conteo = services.importar_catalogo(
                tipo=tipo,
                contenido=archivo.read_bytes(),
                nombre_archivo=archivo.name,
                proceso=proc,
                sintetica=sintetica,
            )
        except ErrorImportacion as exc:
            raise CommandError(
                f"{archivo.name} rechazado; no se cambió nada:\n  " + "\n  ".join(exc.errores)
            ) from None
        self.stdout.write(json.dumps(conteo, ensure_ascii=False))
