"""What an upload carries to the group committer and what it gets back.

Shared by `intake` (which receives uploads and owns the committer) and `lote_compartido` (which
carries followers' uploads to the leader's committer and their receipts back): both import this
module, neither imports the other.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any, Protocol

from ople.prep import imagecheck
from ople.prep.models import ActaEsperada, Dispositivo


@dataclass(frozen=True)
class Recibo:
    recibo: uuid.UUID
    clave_acta: str
    sha256: str
    version: int
    recibido_en: datetime
    duplicado: bool
    fuera_catalogo: bool
    digitalizacion_id: int

    def como_json(self) -> dict[str, Any]:
        return {
            "recibo": str(self.recibo),
            "clave_acta": self.clave_acta,
            "sha256": self.sha256,
            "version": self.version,
            "recibido_en": self.recibido_en.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "duplicado": self.duplicado,
        }


@dataclass(frozen=True)
class Subida:
    """What the database part of an intake needs (the bytes are already stored)."""

    sha: str
    ruta: str
    revisada: imagecheck.ImagenRevisada
    acta: ActaEsperada | None
    clave_leida: str
    origen: str
    medio: str
    tipo_documento: str
    identificacion: str
    usuario: Any | None
    dispositivo: Dispositivo | None
    capturado_en: datetime | None
    recibido_en: datetime

    def campos(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class Cola(Protocol):
    """A group committer as `lote_compartido` sees it (`intake._Confirmador`)."""

    def encolar(self, subida: Subida, *, llega: bool = False) -> Future[Recibo]: ...
