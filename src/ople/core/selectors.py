"""Reads of the platform shell: which back-office tools a user may open (declared by each app
in its `registro.py`, see `ople.core.registry`)."""

from __future__ import annotations

from typing import Any

from . import registry
from .models import AuditEvent, AuditHead
from .registry import Tool
from .roles import ADMINISTRACION, role_names

__all__ = ["Tool", "audit_head", "last_audit_event", "public_links", "resumen_portada", "tools_for"]


def public_links() -> list[tuple[str, str, str]]:
    """The front page's links: (url, title, description)."""
    return [(link.url, link.titulo, link.descripcion) for link in registry.public_links()]


def resumen_portada() -> str:
    """What the systems offer, as a Spanish list: "a, b y c"."""
    partes = [link.resumen for link in registry.public_links() if link.resumen]
    if len(partes) < 2:
        return "".join(partes)
    return f"{', '.join(partes[:-1])} y {partes[-1]}"


AUDIT_LOG_URL = "/oficina/bitacora/"  # the platform's audit-log screen (core.bitacora)


def tools_for(user: Any) -> list[Tool]:
    """The tools whose roles the user holds (administration sees all of them)."""
    names = role_names(user)
    tools = registry.tools()
    if ADMINISTRACION in names:
        return tools
    visibles = [tool for tool in tools if tool.roles & names]
    if names & registry.audit_readers():  # the roles systems let read the audit log
        visibles += [t for t in tools if t.url == AUDIT_LOG_URL and t not in visibles]
    return visibles


def audit_head() -> tuple[int, str]:
    """(events, hash) of the audit log's head now; (0, the initial hash) for an empty log."""
    head = AuditHead.objects.filter(id=1).values_list("seq", "hash").first()
    return (int(head[0]), str(head[1])) if head else (0, "0" * 64)


def last_audit_event(*, action: str, object_type: str, object_id: str) -> AuditEvent | None:
    """The latest event of `action` on one object, or None (read only: never save it)."""
    return (
        AuditEvent.objects.filter(action=action, object_type=object_type, object_id=object_id)
        .order_by("-seq")
        .first()
    )
