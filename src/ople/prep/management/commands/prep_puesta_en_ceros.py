"""`ople prep puesta-en-ceros [--proceso CLAVE] [--salida DIR] [--usuario NOMBRE]`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ople.catalog.models import ProcesoElectoral
from ople.prep.services import ceros


def elegir_proceso(clave: str | None) -> ProcesoElectoral:
    qs = ProcesoElectoral.objects.all()
    if clave:
        proceso = qs.filter(clave=clave).first()
        if proceso is None:
            raise CommandError(f"No existe el proceso electoral «{clave}».")
        return proceso
    activos = list(qs.filter(activo=True))
    if len(activos) != 1:
        raise CommandError(
            f"Indique el proceso con --proceso CLAVE (hay {len(activos)} procesos activos)."
        )
    return activos[0]


class Command(BaseCommand):
    help = "Puesta en ceros del PREP: verifica que no haya datos de jornada y emite el reporte."

    def add_arguments(self, parser):
        parser.add_argument("--proceso", help="Clave del proceso electoral (p. ej. 2023-2024)")
        parser.add_argument("--salida", help="Directorio del PDF (por omisión var/puesta-en-ceros)")
        parser.add_argument("--usuario", help="Usuario que realiza la puesta en ceros")

    def handle(self, *args, **opts):
        proceso = elegir_proceso(opts.get("proceso"))
        usuario = None
        if opts.get("usuario"):
            usuario = get_user_model().objects.filter(username=opts["usuario"]).first()
            if usuario is None:
                raise CommandError(f"No existe el usuario «{opts['usuario']}».")
        salida = Path(opts.get("salida") or settings.VAR_DIR / "puesta-en-ceros")
        try:
            registro = ceros.realizar_puesta_en_ceros(
                proceso=proceso, usuario=usuario, salida=salida
            )
        except ceros.CerosError as exc:
            raise CommandError(str(exc)) from exc
        for linea in ceros.texto_reporte(registro.reporte):
            self.stdout.write(linea)
        self.stdout.write("")
        self.stdout.write(f"Folio: {registro.reporte['folio']}")
        self.stdout.write(f"PDF: {registro.pdf_ruta}")
        self.stdout.write(f"SHA-256 del PDF: {registro.pdf_sha256}")
        self.stdout.write(
            self.style.SUCCESS("Puesta en ceros registrada; la recepción queda abierta.")
        )
