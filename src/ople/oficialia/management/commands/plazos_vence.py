"""`ople plazos vence --notificado "YYYY-MM-DD HH:MM" (--dias N | --horas N) --materia M`.

When a deadline ends, explained day by day; the last line is the deadline in ISO 8601 with its
offset. A citizen command: it reads the profile files shipped with ople and nothing else (no
database, no key, no configuration).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from ople.ley import plazos
from ople.oficialia import calculo


class Command(BaseCommand):
    help = "Calcula cuándo vence un plazo legal y explica cada día que cuenta o no."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--notificado", required=True, help='Fecha y hora local, "AAAA-MM-DD HH:MM"'
        )
        grupo = parser.add_mutually_exclusive_group(required=True)
        grupo.add_argument("--dias", type=int, help="Plazo en días")
        grupo.add_argument("--horas", type=int, help="Plazo en horas")
        parser.add_argument("--materia", choices=["electoral", "ordinaria"], required=True)
        parser.add_argument("--perfil", help="Perfil del instituto (por omisión, el activo)")
        parser.add_argument(
            "--efecto",
            choices=sorted(calculo.EFECTOS),
            default="mismo-dia",
            help="Cuándo surte efectos la notificación (mismo-dia: personal; dia-siguiente: "
            "estrados)",
        )

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        try:
            v = calculo.calcular(
                notificado=o["notificado"],
                dias=o["dias"],
                horas=o["horas"],
                materia=o["materia"],
                perfil=o["perfil"],
                efecto=o["efecto"],
            )
        except calculo.CalculoInvalido as exc:
            self.stderr.write(f"ople plazos vence: {exc}")
            sys.exit(2)
        for linea in plazos.explicar(v):
            self.stdout.write(linea)
