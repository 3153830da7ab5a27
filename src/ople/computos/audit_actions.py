"""The audit actions of the Sistema de Cómputo (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {}
