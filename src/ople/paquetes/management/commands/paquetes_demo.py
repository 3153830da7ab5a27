"""`ople paquetes demo`: the packages of the active process moved through a night (demo data)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ople.paquetes import demo


class Command(BaseCommand):
    help = (
        "Genera los paquetes del proceso activo y mueve algunos por sus mecanismos (demostración)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--consejos", type=int, default=3, help="consejos cuyos paquetes se mueven"
        )

    def handle(self, *args, **opts):
        if not settings.DEMO and not settings.TESTING:
            raise CommandError("Datos de demostración: sólo con OPLE_DEMO=1.")
        demo.preparar(consejos_a_mover=opts["consejos"], salida=self.stdout)
