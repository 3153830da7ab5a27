"""`ople estrados demo`: a month of estrados and notices for the demo (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ople.estrados import demo


class Command(BaseCommand):
    help = "Carga un mes de publicaciones en estrados y notificaciones (demostración)."

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        n = demo.cargar()
        self.stdout.write(f"Estrados: {n} publicaciones de demostración.")
