"""`ople prep actas-esperadas [--proceso CLAVE]`: generate the expected actas (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ople.prep.management.commands.prep_puesta_en_ceros import elegir_proceso
from ople.prep.services.actas import generar_actas_esperadas


class Command(BaseCommand):
    help = "Genera las actas esperadas del proceso (una por casilla, elección y tipo de acta)."

    def add_arguments(self, parser):
        parser.add_argument("--proceso", help="Clave del proceso electoral")

    def handle(self, *args, **opts):
        proceso = elegir_proceso(opts.get("proceso"))
        conteo = generar_actas_esperadas(proceso=proceso, actor=None)
        self.stdout.write(
            f"Actas esperadas de {proceso}: {conteo['total']} en total, "
            f"{conteo['creadas']} nuevas, {conteo['existentes']} ya existían, "
            f"{conteo['sin_demarcacion']} casillas sin demarcación en alguna elección."
        )
