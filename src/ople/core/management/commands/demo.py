"""`ople demo`: migrate, load the Aguascalientes catalog, demo users, banner, serve."""

from __future__ import annotations

import signal

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ople.core import demo


class Command(BaseCommand):
    help = (
        "Demostración en un solo comando: migra la base SQLite bajo var/, carga el catálogo de "
        "Aguascalientes, crea un usuario por rol, muestra las direcciones y credenciales, e inicia "
        "el servidor (gunicorn) en http://127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="puerto (8000)")
        parser.add_argument("--host", default="127.0.0.1", help="dirección (127.0.0.1)")
        parser.add_argument(
            "--sin-simulacro",
            action="store_true",
            help="no iniciar la simulación de la noche electoral en segundo plano",
        )
        parser.add_argument(
            "--velocidad",
            type=int,
            default=60,
            help="velocidad del simulacro (60: seis horas de noche en seis minutos)",
        )
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
        self.stdout.write(f"Base de datos: {settings.DATABASES['default']['NAME']}")
        self.stdout.write("Migrando la base de datos…")
        call_command("migrate", interactive=False, verbosity=0)
        if "load_catalog" in get_commands():
            self.stdout.write("Cargando el catálogo de Aguascalientes…")
            call_command("load_catalog", "aguascalientes", stdout=self.stdout)
        else:
            self.stderr.write(
                "Aviso: el comando load_catalog aún no existe en esta versión; "
                "la demostración sigue sin catálogo electoral."
            )
        demo.ensure_demo_users()

        if opts["sin_simulacro"]:
            estado = "desactivado (--sin-simulacro)"
        elif opts["sin_servidor"]:
            estado = "no se inicia sin servidor"
        elif demo.simulacro_available():
            estado = f"en segundo plano, velocidad {opts['velocidad']}"
        else:
            estado = "aún no disponible en esta versión"
        self.stdout.write(demo.banner(base_url=base_url, simulacro=estado))
        if opts["sin_servidor"]:
            return

        from ople.cli import serve

        connections.close_all()  # gunicorn forks its workers: no inherited connections
        simulacro = None
        if not opts["sin_simulacro"]:
            simulacro = demo.start_simulacro(base_url=base_url, speed=opts["velocidad"])
        previous = signal.getsignal(signal.SIGTERM)
        try:
            code = serve(host=opts["host"], port=opts["port"], workers=opts["workers"], threads=4)
        except KeyboardInterrupt:
            code = 0
        finally:
            demo.stop_process(simulacro)
            signal.signal(signal.SIGTERM, previous)
        if code:
            raise CommandError(f"el servidor terminó con el código {code}")
        self.stdout.write("Demostración detenida.")
