"""The audit actions of oficialía (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {}
