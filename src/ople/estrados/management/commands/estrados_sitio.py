"""`ople estrados sitio --salida DIR`: write the public estrados' static site to a directory."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from ople.estrados import sitio, views
from ople.estrados.models import Publicacion
from ople.estrados.services import notificaciones as s


class Command(BaseCommand):
    help = "Genera el sitio estático de los estrados electrónicos en un directorio."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--salida", required=True)
        parser.add_argument("--url", default="https://ople.example.org/estrados/")

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        pdfs = {p.pdf_sha256: s.pdf_de(p) for p in Publicacion.objects.all()}
        archivos = sitio.generar(
            views.publicaciones_del_sitio(),
            generado_en=timezone.localtime(),
            pdfs=pdfs,
            url_base=o["url"],
        )
        raiz = Path(o["salida"])
        for ruta, contenido in archivos.items():
            destino = raiz / ruta
            destino.parent.mkdir(parents=True, exist_ok=True)
            destino.write_bytes(contenido)
        self.stdout.write(f"{len(archivos)} archivos en {raiz}")
