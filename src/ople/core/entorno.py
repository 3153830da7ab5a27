"""Reading the environment, shared by `settings.py` and the systems' own settings (pure)."""

from __future__ import annotations

import os
from collections.abc import Mapping

VERDADEROS = frozenset({"1", "true", "yes", "si", "sí", "on"})


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """A boolean variable: `1`, `true`, `yes`, `si`, `sí`, `on` (any case) are true; unset is
    `default`; anything else is false (docs/configuration.md)."""
    value = (os.environ if environ is None else environ).get(name)
    if value is None:
        return default
    return value.strip().lower() in VERDADEROS
