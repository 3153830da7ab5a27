"""Audit actions of the documents platform (recorded through `ople.core.audit.record`)."""

from __future__ import annotations

FOLIO = "documentos.folio"
ACUSE = "documentos.acuse"

ACCIONES = frozenset({FOLIO, ACUSE})
