"""`ople demo`: migrate, the apps' demo commands (data), demo users, banner, serve."""

from __future__ import annotations

import os
import signal

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ople.core import demo, registry

SERVIDOR = "http://127.0.0.1:8000"  # the demo server the settings' demo defaults point to


class Command(BaseCommand):
    help = (
        "Demostración en un solo comando: migra la base SQLite bajo var/, carga el catálogo de "
        "Aguascalientes, crea un usuario por rol, muestra las direcciones y credenciales, e inicia "
        "el servidor (gunicorn) en http://127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="puerto (8000)")
        parser.add_argument("--host", default="127.0.0.1", help="dirección (127.0.0.1)")
        fondos = registry.demo_backgrounds()
        for fondo in fondos:
            parser.add_argument(fondo.opcion, action="store_true", help=fondo.ayuda_opcion)
        if fondos:
            parser.add_argument("--velocidad", type=int, default=60, help=fondos[0].ayuda_velocidad)
        parser.add_argument(
            "--sin-servidor",
            action="store_true",
            help="prepararlo todo y mostrar el aviso, sin iniciar el servidor",
        )
        parser.add_argument("--workers", type=int, default=2, help="procesos de gunicorn (2)")

    def handle(self, *args, **opts):
        if not settings.DEMO:
            raise CommandError(
                "`ople demo` crea usuarios con contraseñas públicas: sólo corre con OPLE_DEMO=1."
            )
        base_url = f"http://{opts['host']}:{opts['port']}"
        url = settings.DOCUMENTOS_URL_VERIFICACION
        if "OPLE_DOCUMENTOS_URL_VERIFICACION" not in os.environ and url.startswith(SERVIDOR):
            # The demo's PDFs carry a QR to this server's verification pages (ADR 0056), on the
            # host and port it really serves; the environment reaches the server's workers.
            url = base_url + url[len(SERVIDOR) :]
            settings.DOCUMENTOS_URL_VERIFICACION = os.environ[
                "OPLE_DOCUMENTOS_URL_VERIFICACION"
            ] = url
        self.stdout.write(f"Base de datos: {settings.DATABASES['default']['NAME']}")
        self.stdout.write("Migrando la base de datos…")
        call_command("migrate", interactive=False, verbosity=0)
        for comando in registry.demo_commands():
            if comando.args[0] in get_commands():
                self.stdout.write(comando.aviso)
                call_command(*comando.args, stdout=self.stdout)
            else:
                self.stderr.write(
                    f"Aviso: el comando {comando.args[0]} aún no existe en esta versión; "
                    "la demostración sigue sin él."
                )
        demo.ensure_demo_users()

        fondos = registry.demo_backgrounds()
        estados = {}
        for fondo in fondos:
            if opts[_dest(fondo.opcion)]:
                estados[fondo.etiqueta] = f"desactivado ({fondo.opcion})"
            elif opts["sin_servidor"]:
                estados[fondo.etiqueta] = "no se inicia sin servidor"
            elif registry.resolve(fondo.disponible)():
                estados[fondo.etiqueta] = f"en segundo plano, velocidad {opts['velocidad']}"
            else:
                estados[fondo.etiqueta] = "aún no disponible en esta versión"
        self.stdout.write(demo.banner(base_url=base_url, procesos=estados))
        if opts["sin_servidor"]:
            return

        from ople.cli import serve

        connections.close_all()  # gunicorn forks its workers: no inherited connections
        procesos = [
            registry.resolve(fondo.iniciar)(base_url=base_url, speed=opts["velocidad"])
            for fondo in fondos
            if not opts[_dest(fondo.opcion)]
        ]
        previous = signal.getsignal(signal.SIGTERM)
        try:
            code = serve(host=opts["host"], port=opts["port"], workers=opts["workers"], threads=4)
        except KeyboardInterrupt:
            code = 0
        finally:
            for proceso in procesos:
                demo.stop_process(proceso)
            signal.signal(signal.SIGTERM, previous)
        if code:
            raise CommandError(f"el servidor terminó con el código {code}")
        self.stdout.write("Demostración detenida.")


def _dest(opcion: str) -> str:
    """argparse's name for an option: `--sin-x` -> `sin_x`."""
    return opcion.lstrip("-").replace("-", "_")
