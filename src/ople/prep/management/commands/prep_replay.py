"""`ople prep replay FILE.csv --out DIR [--until "YYYY-MM-DD HH:MM:SS"] [--profile NAME]`.

Rebuilds an election from a published INE-format database through the real PREP pipeline and
writes the cut as of --until (default: the final cut). By default it runs on a fresh SQLite
database under DIR (`DIR/replay.sqlite3`, media and cuts under DIR too), so it never touches the
configured database; `--base-configurada` uses the configured one instead (it must be empty of
election-night data: the puesta en ceros checks it). The last line printed is the path of the
results CSV it wrote.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Reproduce una base de datos PREP publicada con el flujo real y publica su corte."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("archivo", help="Base de datos PREP en formato INE (CSV)")
        parser.add_argument("--out", required=True, help="Directorio de salida")
        parser.add_argument("--until", help='Hora local del corte "YYYY-MM-DD HH:MM:SS"')
        parser.add_argument("--profile", default=None, help="Perfil normativo (p. ej. ieqroo-2019)")
        parser.add_argument("--eleccion", default=None, help="Tipo de elección del perfil")
        parser.add_argument(
            "--base-configurada",
            action="store_true",
            help="Usar la base de datos configurada en lugar de una SQLite temporal bajo --out",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        from django.conf import settings

        salida = Path(o["out"]).resolve()
        archivo = Path(o["archivo"])
        if not archivo.is_file():
            raise CommandError(f"No existe el archivo {archivo}")
        perfil = o["profile"] or settings.OPLE_PROFILE
        if not o["base_configurada"] and os.environ.get("OPLE_REPLAY_INTERNO") != "1":
            salida.mkdir(parents=True, exist_ok=True)
            base = salida / "replay.sqlite3"
            if base.exists():
                raise CommandError(f"{base} ya existe: use un directorio --out nuevo")
            env = {
                "OPLE_SECRET_KEY": settings.SECRET_KEY,
                **os.environ,
                "OPLE_REPLAY_INTERNO": "1",
                "DATABASE_URL": f"sqlite:///{base}",
                "OPLE_MEDIA_ROOT": str(salida / "media"),
                "OPLE_PUBLISH_ROOT": str(salida / "publicacion"),
                "OPLE_S3_BUCKET": "",
            }
            argv = [
                sys.executable,
                "-m",
                "ople.cli",
                "prep",
                "replay",
                str(archivo.resolve()),
                "--out",
                str(salida),
                "--profile",
                perfil,
            ]
            if o["until"]:
                argv += ["--until", o["until"]]
            if o["eleccion"]:
                argv += ["--eleccion", o["eleccion"]]
            r = subprocess.run(argv, env=env)
            if r.returncode:
                raise CommandError("La reproducción falló (vea los mensajes anteriores)")
            return
        from ople import profiles
        from ople.prep.publish import replay

        if os.environ.get("OPLE_REPLAY_INTERNO") == "1":
            call_command("migrate", verbosity=0, interactive=False)
        hasta = None
        if o["until"]:
            try:
                local = datetime.strptime(o["until"], "%Y-%m-%d %H:%M:%S")
            except ValueError:
                raise CommandError('--until debe tener la forma "YYYY-MM-DD HH:MM:SS"') from None
            hasta = local.replace(tzinfo=profiles.cargar(perfil).zona)
        try:
            r = replay.replay(
                datos=archivo.read_bytes(),
                salida=salida,
                perfil_nombre=perfil,
                hasta=hasta,
                eleccion_tipo=o["eleccion"],
                aviso=self.stdout.write,
            )
        except replay.ReplayError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{r.actas} actas reproducidas; corte {r.corte.nombre} en {r.directorio_corte}"
        )
        self.stdout.write(str(r.csv))
