"""The audit actions of the Sistema de Cómputo (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "computos.rp_corte": "Corte publicado de la asignación de representación proporcional.",
}
