"""`ople oficialia demo`: a month of the institute's documents for the demo (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ople.oficialia import demo


class Command(BaseCommand):
    help = "Carga un mes de oficios, turnos y solicitudes a Informática (demostración)."

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        n = demo.cargar()
        self.stdout.write(f"Oficialía: {n} documentos de demostración.")
