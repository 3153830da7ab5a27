"""`ople paquetes publicar`: publish the reception progress (counts per consejo) as a signed cut."""

from django.core.management.base import BaseCommand, CommandError

from ople.core.errors import OpleError
from ople.paquetes import services


class Command(BaseCommand):
    help = (
        "Publica el avance de la recepción de paquetes por consejo (corte firmado en /paquetes/)."
    )

    def handle(self, *args, **opts):
        try:
            corte = services.publicar_avance(actor=None)
        except OpleError as exc:
            raise CommandError(exc.mensaje) from None
        self.stdout.write(f"Corte publicado: {corte.nombre} (manifiesto {corte.manifest_sha256}).")
