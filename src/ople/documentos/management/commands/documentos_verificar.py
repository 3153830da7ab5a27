"""`ople documentos verificar ARCHIVO`: the same check as `ople documentos verificar-acuse`.

The name issue 23 gives it (a court or an addressee types `ople documentos verificar acuse.json`);
no configuration needed."""

from __future__ import annotations

from ople.documentos.management.commands import documentos_verificar_acuse


class Command(documentos_verificar_acuse.Command):
    help = (
        "Verifica un acuse firmado por el instituto: firma, campos y fechas (igual que "
        "verificar-acuse)."
    )
