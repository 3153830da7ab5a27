"""`ople prep revocar-dispositivo ID --motivo TEXTO --usuario NOMBRE`: revoke a PREP Casilla
phone (lost or stolen) from the command line, as the devices page does."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from ople.prep.services import dispositivos


class Command(BaseCommand):
    help = (
        "Revoca un dispositivo de PREP Casilla (teléfono extraviado o robado): su siguiente "
        "envío se rechaza. El número del dispositivo aparece en la página de dispositivos."
    )

    def add_arguments(self, parser):
        parser.add_argument("dispositivo", help="Número del dispositivo")
        parser.add_argument("--motivo", required=True, help="Por qué se revoca (queda en bitácora)")
        parser.add_argument(
            "--usuario",
            required=True,
            help="Usuario de supervisión, coordinación o administración que revoca",
        )

    def handle(self, *args, **opts):
        disp = dispositivos.dispositivo_por_numero(opts["dispositivo"])
        if disp is None:
            raise CommandError(f"No existe el dispositivo «{opts['dispositivo']}».")
        pk = disp.pk
        nombre = opts["usuario"]
        usuario = (
            get_user_model().objects.filter(username=nombre).first()
            if nombre.isprintable()  # a NUL is no user name (and PostgreSQL refuses it)
            else None
        )
        if usuario is None:
            raise CommandError(f"No existe el usuario «{opts['usuario']}».")
        try:
            revocado = dispositivos.revocar_dispositivo(
                supervisor=usuario, dispositivo=disp, motivo=opts["motivo"]
            )
        except PermissionDenied as exc:
            raise CommandError(f"«{usuario.get_username()}»: {exc}") from exc
        except dispositivos.EnrolamientoError as exc:
            raise CommandError(exc.mensaje) from exc
        if not revocado:
            self.stdout.write(f"El dispositivo {pk} («{disp.nombre}») ya estaba revocado.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Dispositivo {pk} («{disp.nombre}») revocado: su siguiente envío será rechazado."
            )
        )
