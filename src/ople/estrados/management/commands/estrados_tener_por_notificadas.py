"""`ople estrados tener-por-notificadas`: unopened electronic notices whose term ended are deemed
served (run it from cron, e.g. every hour)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ople.estrados.services import notificaciones as s


class Command(BaseCommand):
    help = "Tiene por notificadas las notificaciones electrónicas no abiertas cuyo término venció."

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        n = s.tener_por_notificadas()
        self.stdout.write(f"{n} notificaciones se tienen por practicadas.")
