"""`ople registros publicar`: publish the public registers for today (run daily, e.g. from cron
at 00:05, so that entries whose period ended move to the historical list; and after changes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ople.core.errors import OpleError
from ople.registros.services.publicacion import publicar_registros


class Command(BaseCommand):
    help = "Publica los registros públicos (VPMRG, estadísticas, PES/POS) con la situación de hoy."

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            corte = publicar_registros(usuario=None)
        except OpleError as exc:
            raise CommandError(exc.mensaje) from None
        self.stdout.write(f"Corte {corte.nombre} publicado (manifiesto {corte.manifest_sha256}).")
