"""The PREP's own settings, read from the environment (declared in `registro.py`; pure: no
Django import, so `settings.py` can read them before Django is set up). Documented in
docs/configuration.md and docs/prep-intake.md."""

from __future__ import annotations

import os
from typing import Any

from ople.core.entorno import env_bool


def ajustes(*, testing: bool) -> dict[str, Any]:
    # Group commit of concurrent acta uploads in one server process (docs/prep-intake.md).
    lote = env_bool("OPLE_INTAKE_LOTE", not testing)
    return {
        "OPLE_INTAKE_LOTE": lote,
        # With it, on PostgreSQL, one committer for all the worker processes of a server (one
        # elected process writes the groups of all: bigger groups; docs/prep-intake.md).
        "OPLE_INTAKE_LOTE_COMPARTIDO": env_bool("OPLE_INTAKE_LOTE_COMPARTIDO", lote),
        # Seconds the PREP Casilla API remembers a device token (with its casillas), an acta of
        # the catalog and an open process, instead of querying them on every upload (0 = no
        # cache; 0 in tests). A revoked device is refused at most this many seconds later
        # (docs/prep-intake.md). The package scanner's direct route reads it too (decision 0049).
        "OPLE_API_CACHE_S": float(os.environ.get("OPLE_API_CACHE_S", "0" if testing else "5")),
        # The folio series of the puesta en ceros' report (docs/documentos.md).
        "PREP_FOLIO_AREA": os.environ.get("OPLE_PREP_FOLIO_AREA", "PREP"),
    }
