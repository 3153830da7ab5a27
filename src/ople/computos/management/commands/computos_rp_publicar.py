"""`ople computos rp-publicar --versiones V1.json [V2.json …] | --computos [--versiones V2.json …]
| --demo`: publish the RP allocation's site (one signed cut holding every version given).

``--computos``: version 1 is the cómputo estatal of the closed distrital and municipal cómputos
(``asignacion.computo_estatal``); later versions may follow as files.

Each ``--versiones`` file is a version of the allocation (``asignacion.versiones``: origin, case
number, effective date, reason, each body's input and lists); the cut holds all of them, the last
one in force, and issues the constancias of the seats whose holder is new. ``--demo`` publishes
the simulated allocation (three versions modelled on 2024) unless the site already has a cut.
Bad input: a Spanish message naming the file and the field, exit 2, nothing published."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from ople import profiles
from ople.computos.asignacion import computo_estatal, demo, services
from ople.computos.asignacion import entrada as entrada_rp
from ople.computos.asignacion import perfil as perfil_asignacion
from ople.computos.asignacion import versiones as versiones_rp
from ople.core.errors import OpleError
from ople.ley.rp import EntradaInvalida


class Command(BaseCommand):
    help = "Publica el sitio de la asignación de representación proporcional (corte firmado)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--demo", action="store_true", help="Publica la asignación simulada de la demo"
        )
        parser.add_argument(
            "--versiones",
            nargs="+",
            default=[],
            metavar="ARCHIVO",
            help="Versiones de la asignación (JSON), en orden",
        )
        parser.add_argument(
            "--computos",
            action="store_true",
            help="La versión 1 sale de los cómputos distritales y municipales cerrados",
        )
        parser.add_argument(
            "--vigente-desde", help="Fecha de la versión 1 con --computos (AAAA-MM-DD; hoy)"
        )
        parser.add_argument("--perfil", help="Perfil normativo (por omisión, OPLE_PROFILE)")

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        from django.conf import settings

        from ople.publicacion import CortePublicado

        seccion = perfil_asignacion.de(profiles.cargar(o["perfil"] or settings.OPLE_PROFILE))
        if o["demo"] == bool(o["versiones"] or o["computos"]) or (o["demo"] and o["computos"]):
            self.stderr.write(
                "ople computos rp-publicar: indique las versiones (--versiones ARCHIVO …), "
                "--computos o --demo."
            )
            sys.exit(2)
        if o["demo"]:
            if CortePublicado.objects.filter(sitio=services.SITIO).exists():
                self.stdout.write("La asignación de la demostración ya está publicada.")
                return
            versiones = self._demo(seccion)
        else:
            versiones = []
            if o["computos"]:
                try:
                    hoy = (
                        date.fromisoformat(o["vigente_desde"])
                        if o["vigente_desde"]
                        else timezone.localdate()
                    )
                except ValueError:
                    self.stderr.write("ople computos rp-publicar: --vigente-desde es AAAA-MM-DD")
                    sys.exit(2)
                desde = computo_estatal.version_de_los_computos(seccion, vigente_desde=hoy)
                for aviso in desde.avisos:
                    self.stdout.write(f"Aviso: {aviso}")
                try:
                    versiones.append(versiones_rp.leer(desde.version, seccion))
                except EntradaInvalida as exc:
                    self.stderr.write(
                        f"ople computos rp-publicar: cómputo estatal: «{exc.campo}»: {exc.mensaje}"
                    )
                    sys.exit(2)
            for nombre in o["versiones"]:
                archivo = Path(nombre)
                try:
                    datos = entrada_rp.leer_json(archivo.read_bytes())
                    versiones.append(versiones_rp.leer(datos, seccion))
                except OSError as exc:
                    self.stderr.write(
                        f"ople computos rp-publicar: no se pudo leer {archivo}: {exc.strerror}"
                    )
                    sys.exit(2)
                except EntradaInvalida as exc:
                    self.stderr.write(
                        f"ople computos rp-publicar: {archivo.name}: «{exc.campo}»: {exc.mensaje}"
                    )
                    sys.exit(2)
            numeros = [v.numero for v in versiones]
            if len(set(numeros)) != len(numeros):
                self.stderr.write("ople computos rp-publicar: dos versiones con el mismo número")
                sys.exit(2)
        try:
            corte = services.publicar_asignacion(versiones, actor=None)
        except OpleError as exc:
            self.stderr.write(f"ople computos rp-publicar: {exc.mensaje}")
            sys.exit(2)
        self.stdout.write(
            f"Publicado el corte {corte.nombre} de la asignación (SHA-256 del manifiesto "
            f"{corte.manifest_sha256}) en la base {connection.vendor}."
        )

    def _demo(self, seccion):  # type: ignore[no-untyped-def]
        """The demo's allocation: version 1 is the cómputo estatal of the demo's closed cómputos
        (``ople computos demo``), the Sunday after election day; version 2, a simulated ruling
        of the state court on a person (``demo.resolucion_del_tribunal``)."""
        from datetime import timedelta

        from ople.catalog import selectors as catalogo

        proceso = catalogo.proceso_activo()
        if proceso is None:
            self.stderr.write("ople computos rp-publicar: no hay proceso activo en el catálogo.")
            sys.exit(2)
        desde = computo_estatal.version_de_los_computos(
            seccion, vigente_desde=proceso.fecha_jornada + timedelta(days=7), proceso=proceso
        )
        for aviso in desde.avisos:
            self.stdout.write(f"Aviso: {aviso}")
        try:
            v1 = versiones_rp.leer(desde.version, seccion)
        except EntradaInvalida as exc:
            self.stderr.write(
                f"ople computos rp-publicar: cómputo estatal: «{exc.campo}»: {exc.mensaje} "
                "(la demostración necesita los cómputos cerrados de `ople computos demo`)"
            )
            sys.exit(2)
        versiones = [v1]
        try:
            versiones.append(
                versiones_rp.leer(demo.resolucion_del_tribunal(desde.version, seccion), seccion)
            )
        except ValueError:
            self.stdout.write(
                "Aviso: el Congreso no tiene listas aprobadas; sin la resolución de ejemplo."
            )
        return versiones
