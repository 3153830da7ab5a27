"""`ople computos rp-publicar --demo`: publish the RP allocation's site (signed cut).

With ``--demo`` it publishes the simulated allocation (three versions modelled on 2024, the
Congress's constancias) unless the site already has a cut. Publishing a real allocation needs the
cómputo estatal session (not built yet): this command refuses to run without ``--demo``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.db import connection

from ople import profiles
from ople.computos.asignacion import demo, services
from ople.computos.asignacion import perfil as perfil_asignacion


class Command(BaseCommand):
    help = "Publica el sitio de la asignación de representación proporcional (corte firmado)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--demo", action="store_true", help="Publica la asignación simulada de la demo"
        )
        parser.add_argument("--perfil", help="Perfil normativo (por omisión, OPLE_PROFILE)")

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        from django.conf import settings

        from ople.publicacion import CortePublicado

        if not o["demo"]:
            self.stderr.write(
                "ople computos rp-publicar: por ahora sólo publica la asignación simulada "
                "(--demo); la del cómputo estatal llegará con su sesión."
            )
            sys.exit(2)
        if CortePublicado.objects.filter(sitio=services.SITIO).exists():
            self.stdout.write("La asignación simulada ya está publicada.")
            return
        seccion = perfil_asignacion.de(profiles.cargar(o["perfil"] or settings.OPLE_PROFILE))
        corte = services.publicar_asignacion(demo.versiones(seccion), actor=None)
        self.stdout.write(
            f"Publicado el corte {corte.nombre} de la asignación (SHA-256 del manifiesto "
            f"{corte.manifest_sha256}) en la base {connection.vendor}."
        )
