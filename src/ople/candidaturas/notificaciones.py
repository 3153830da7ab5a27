"""Prevenciones served through the notifications system (`ople.estrados`, ADR 0043), when it is
installed and the party's representation is registered there as an addressee.

The prevención is fixed on the estrados as an auto and notified to the party's representation:
to its inbox with an e-mail notice if it opted in (it takes effect on first opening, or when the
profile's term ends unopened), otherwise by a cédula on the estrados (the next day). The
prevención's hours count from that effect (`services.revision.vencimiento`). Without the app or
the addressee, the prevención is recorded and shown in the portal and its hours count from its
issue, as before the notifications system existed (ADR 0055).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from typing import Any

from django.apps import apps

APP = "ople.estrados"


@dataclass(frozen=True)
class Notificada:
    folio: str  # the notice's folio in estrados
    surte_efectos: datetime | None  # None until it is served


def _disponible() -> bool:
    return apps.is_installed(APP)


def notificar_prevencion(
    *,
    actor: Any,
    partido: str,
    expediente: str,
    organo: str,
    titulo: str,
    texto: str,
    ahora: datetime,
) -> Notificada | None:
    """Fix the prevención on the estrados and notify it to the party's representation; None if
    there is no notifications system or no addressee for the party (nothing is written then)."""
    if not _disponible():
        return None
    selectors = import_module(f"{APP}.selectors")
    destinatario = selectors.representacion_de(partido)
    if destinatario is None:
        return None
    servicio = import_module(f"{APP}.services.notificaciones")
    firma = (getattr(actor, "get_full_name", lambda: "")() or str(actor))[:200]
    acto = servicio.publicar(
        tipo="auto",
        expediente=expediente,
        organo=organo,
        titulo=titulo,
        texto=texto,
        firmado_por=firma or "Instituto",
        actor=actor,
        ahora=ahora,
    )
    n = servicio.notificar(publicacion=acto, destinatario=destinatario, actor=actor, ahora=ahora)
    return Notificada(n.folio, n.surte_efectos_en)


def surte_efectos(folio: str) -> datetime | None:
    """When the notice took effect (served), or None while it has not."""
    if not folio or not _disponible():
        return None
    n = import_module(f"{APP}.selectors").notificacion(folio)
    return None if n is None else n.surte_efectos_en
