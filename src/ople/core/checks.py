"""System checks of the platform's configuration."""

from __future__ import annotations

import os
from typing import Any

from django.core.checks import Warning, register


@register()
def deprecated_settings(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if os.environ.get("OPLE_UBICA_CONFIAR_X_FORWARDED_FOR", "").strip():
        return [
            Warning(
                "OPLE_UBICA_CONFIAR_X_FORWARDED_FOR está en desuso: use "
                "OPLE_CLIENT_IP_HEADER=X-Forwarded-For (u otra cabecera que fije su proxy), "
                "que vale para todo ople.",
                id="core.W001",
            )
        ]
    return []
