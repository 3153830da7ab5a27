"""The audit actions of estrados (electronic notices and estrados) (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {}
