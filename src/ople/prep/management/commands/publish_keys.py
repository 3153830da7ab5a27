"""`ople publish-keys`: create (or show) the institute's Ed25519 publication key."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ople.prep.publish import programador
from ople.publicacion import manifiesto


class Command(BaseCommand):
    help = "Genera la clave Ed25519 de publicación (si no existe) y muestra la pública."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--ruta", help="Archivo de la clave privada (OPLE_PUBLISH_KEY)")
        parser.add_argument("--crear", action="store_true", help="Crear la clave si no existe")

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        ruta = Path(o["ruta"]) if o["ruta"] else programador.ruta_clave()
        try:
            clave = manifiesto.cargar_clave(ruta, crear=o["crear"])
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(f"{exc} (use --crear)") from exc
        pem = manifiesto.pem_publica(clave)
        self.stdout.write(f"Clave privada: {ruta}")
        self.stdout.write(f"Huella SHA-256 de la clave pública: {manifiesto.huella_publica(pem)}")
        self.stdout.write(pem.decode().rstrip())
