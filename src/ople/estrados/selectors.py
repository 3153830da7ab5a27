"""Reads of estrados: an outside user's notices (their scopes only), the public estrados."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ople.core import roles, scopes
from ople.core.accounts import NOTICES, PARTY
from ople.estrados.models import Destinatario, Notificacion, Publicacion
from ople.estrados.roles import NOTIFICADOR


def _filtro(usuario: Any) -> Q | None:
    """None: everything (staff with the role `notificador`); else the addressees the user's
    scopes name (deny by default: other staff, whose scopes are empty, see none)."""
    if not scopes.is_outside(usuario) and roles.has_role(usuario, NOTIFICADOR):
        return None
    claves = scopes.scopes_of(usuario, NOTICES)
    partidos = scopes.scopes_of(usuario, PARTY)
    return Q(clave__in=sorted(claves)) | Q(
        tipo=Destinatario.Tipo.REPRESENTANTE, partido__in=sorted(partidos)
    )


def destinatarios_de(usuario: Any) -> QuerySet[Destinatario]:
    if not getattr(usuario, "is_authenticated", False):
        return Destinatario.objects.none()
    filtro = _filtro(usuario)
    qs = Destinatario.objects.all()
    return qs if filtro is None else qs.filter(filtro)


def buzon(usuario: Any) -> QuerySet[Notificacion]:
    """The notices an outside user may read: those of the addressees their scopes name; posted
    electronically or recorded as automatic (a notice by estrados is on the public estrados)."""
    return Notificacion.objects.filter(destinatario__in=destinatarios_de(usuario)).select_related(
        "publicacion", "destinatario"
    )


def publicaciones() -> QuerySet[Publicacion]:
    return Publicacion.objects.all()


def nombre_de_destinatario(clave: str) -> str | None:
    """The scope resolver of kind ``notificaciones``: the addressee's name, or None."""
    return Destinatario.objects.filter(clave=clave).values_list("nombre", flat=True).first()


def representacion_de(partido: str) -> Destinatario | None:
    """The addressee of a party's representation (the first registered), or None: other systems
    notify a party through it (``services.notificaciones.notificar``)."""
    if not partido:
        return None
    return (
        Destinatario.objects.filter(tipo=Destinatario.Tipo.REPRESENTANTE, partido=partido)
        .order_by("pk")
        .first()
    )


def notificacion(folio: str) -> Notificacion | None:
    """One notice by its folio (its effect, ``surte_efectos_en``, is None until it is served)."""
    return Notificacion.objects.filter(folio=folio).first()
