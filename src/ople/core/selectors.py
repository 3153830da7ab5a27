"""Reads of the platform shell: which back-office tools a user may open (declared by each app
in its `registro.py`, see `ople.core.registry`)."""

from __future__ import annotations

from typing import Any

from . import registry
from .registry import Tool
from .roles import ADMINISTRACION, role_names

__all__ = ["Tool", "public_links", "resumen_portada", "tools_for"]


def public_links() -> list[tuple[str, str, str]]:
    """The front page's links: (url, title, description)."""
    return [(link.url, link.titulo, link.descripcion) for link in registry.public_links()]


def resumen_portada() -> str:
    """What the systems offer, as a Spanish list: "a, b y c"."""
    partes = [link.resumen for link in registry.public_links() if link.resumen]
    if len(partes) < 2:
        return "".join(partes)
    return f"{', '.join(partes[:-1])} y {partes[-1]}"


def tools_for(user: Any) -> list[Tool]:
    """The tools whose roles the user holds (administration sees all of them)."""
    names = role_names(user)
    tools = registry.tools()
    if ADMINISTRACION in names:
        return tools
    return [tool for tool in tools if tool.roles & names]
