"""The PREP's evidence in the documents store: acta images under `actas/<aa>/<sha>.<ext>`."""

from __future__ import annotations

from ople.documentos.storage import Evidencia

actas = Evidencia(prefijo="actas")
