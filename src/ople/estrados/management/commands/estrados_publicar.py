"""`ople estrados publicar`: publish the estrados now as a signed cut (ople.publicacion)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ople.estrados.services import notificaciones as s


class Command(BaseCommand):
    help = "Publica los estrados electrónicos como un corte firmado y encadenado."

    def handle(self, *args, **o):  # type: ignore[no-untyped-def]
        corte = s.publicar_sitio(actor=None)
        self.stdout.write(f"Corte {corte.nombre} publicado en {corte.ruta}")
