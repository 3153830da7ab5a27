"""The audit actions the simulacro records (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "simulacro.reinicio": "Reinicio de la jornada de un simulacro (borra sus datos PREP).",
}
