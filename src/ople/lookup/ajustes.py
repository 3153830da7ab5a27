"""Ubica's own settings, read from the environment (declared in `registro.py`; pure: no Django
import). Documented in docs/ubica.md."""

from __future__ import annotations

import os
from typing import Any


def ajustes(*, testing: bool) -> dict[str, Any]:
    # Queries (API and search page) allowed per client address and window (0 = no limit),
    # tolerance in degrees for points in the slivers between sección polygons, optional
    # street-map link template ({lat}, {lon}).
    return {
        "UBICA_LIMITE": int(os.environ.get("OPLE_UBICA_LIMITE", "120")),
        "UBICA_VENTANA_SEGUNDOS": int(os.environ.get("OPLE_UBICA_VENTANA_SEGUNDOS", "60")),
        "UBICA_TOLERANCIA_GRADOS": float(os.environ.get("OPLE_UBICA_TOLERANCIA_GRADOS", "0.00001")),
        "UBICA_MAPA_CALLES_URL": os.environ.get("OPLE_UBICA_MAPA_CALLES_URL", ""),
    }
