"""Reads of the platform shell: which back-office tools a user may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import AuditEvent, AuditHead
from .roles import (
    ACOPIO,
    ADMINISTRACION,
    CAPTURA,
    COORDINACION,
    DIGITALIZACION,
    SUPERVISION,
    VERIFICACION,
    role_names,
)


@dataclass(frozen=True)
class Tool:
    url: str
    titulo: str
    descripcion: str
    roles: frozenset[str]


TOOLS: tuple[Tool, ...] = (
    Tool(
        "/prep/catd/",
        "Acopio y digitalización (CATD)",
        "Registrar la llegada de los paquetes y digitalizar las actas PREP.",
        frozenset({ACOPIO, DIGITALIZACION}),
    ),
    Tool(
        "/prep/captura/",
        "Captura y verificación",
        "Capturar los datos de las actas digitalizadas y verificar las capturas.",
        frozenset({CAPTURA, VERIFICACION}),
    ),
    Tool(
        "/prep/supervision/",
        "Supervisión y coordinación",
        "Avance por elección y distrito, conflictos de captura, actas sin acta, dispositivos.",
        frozenset({SUPERVISION, COORDINACION}),
    ),
    Tool(
        "/admin/",
        "Administración",
        "Usuarios, roles, catálogo electoral y bitácora.",
        frozenset({ADMINISTRACION}),
    ),
)

PUBLIC_LINKS: tuple[tuple[str, str, str], ...] = (
    ("/prep/", "Resultados del PREP", "Resultados preliminares publicados, acta por acta."),
    ("/ubica/", "Ubica tu casilla", "Tu sección, tu distrito, tu municipio y dónde votar."),
    ("/catalogo/", "Catálogo electoral", "Distritos, secciones, casillas y lista nominal."),
    ("/casilla/", "PREP Casilla", "Aplicación para fotografiar el acta desde la casilla."),
)


def tools_for(user: Any) -> list[Tool]:
    """The tools whose roles the user holds (administration sees all of them)."""
    names = role_names(user)
    if ADMINISTRACION in names:
        return list(TOOLS)
    return [tool for tool in TOOLS if tool.roles & names]


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
