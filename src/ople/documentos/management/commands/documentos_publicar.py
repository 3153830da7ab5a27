"""`ople documentos publicar`: publish the verification pages still pending (ADR 0056)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ople.documentos.services.emision import publicar_pendientes


class Command(BaseCommand):
    help = (
        "Publica las páginas de verificación de los documentos emitidos que aún no se han "
        "publicado (normalmente se publican solas al confirmarse cada emisión)."
    )

    def handle(self, *args: object, **opts: object) -> None:
        hecho = publicar_pendientes()
        if hecho.corte is None:
            self.stdout.write("No hay documentos pendientes de publicar.")
        else:
            self.stdout.write(
                f"Publicados {hecho.documentos} documentos en el corte {hecho.corte}."
            )
