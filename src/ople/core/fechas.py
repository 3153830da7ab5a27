"""Dates as a person reads them in Spanish on ople's pages and documents. Pure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

MESES: Final = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
DIAS: Final = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def fecha_larga(d: date) -> str:
    """`15 de marzo de 2024`."""
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


def desfase(m: datetime) -> str:
    """`UTC-06:00`: the moment's offset as printed beside it (`UTC` for a naive one)."""
    texto = m.strftime("%z")
    return f"UTC{texto[:3]}:{texto[3:]}" if texto else "UTC"
