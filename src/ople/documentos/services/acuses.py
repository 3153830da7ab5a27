"""Issuing an acuse: a folio, the signed receipt, the copy in the evidence store, the audit.

The signing key is the institute's publication key (`ople publish-keys`, OPLE_PUBLISH_KEY),
located by the publication platform (`ople.publicacion.sitio.ruta_clave`): one key, one place,
so a citizen checks acuses and published cuts with the same public key.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople.core import audit
from ople.documentos import acuses
from ople.documentos.services.folios import tomar_folio
from ople.documentos.storage import Evidencia
from ople.publicacion import manifiesto
from ople.publicacion.sitio import ruta_clave

ACUSES = Evidencia(prefijo="acuses")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


class AcuseError(ValueError):
    """The acuse cannot be issued; Spanish message for the person who asked."""


def clave_del_instituto() -> Ed25519PrivateKey:
    ruta = ruta_clave()
    try:
        return manifiesto.cargar_clave(ruta)
    except FileNotFoundError as exc:
        raise AcuseError(
            f"No existe la clave del instituto {ruta}: créela con `ople publish-keys --crear`."
        ) from exc


def emitir_acuse(
    *,
    documento: str,
    documento_sha256: str,
    entregado_por: str,
    area: str,
    actor: Any | None,
    ahora: datetime | None = None,
    clave: Ed25519PrivateKey | None = None,
) -> tuple[str, bytes]:
    """Issue the acuse of a received document; return (folio, the signed acuse file's bytes).

    The folio, the stored copy's audit event and the folio commit together; bad input raises
    AcuseError and changes nothing.
    """
    if not _SHA256.fullmatch(documento_sha256 or ""):
        raise AcuseError("El SHA-256 del documento debe tener 64 dígitos hexadecimales.")
    if not documento.strip() or not entregado_por.strip():
        raise AcuseError("Indique qué documento se recibió y quién lo entregó.")
    clave = clave or clave_del_instituto()
    ahora = ahora or timezone.now()
    recibido_por = (
        actor.get_username()
        if actor is not None and getattr(actor, "is_authenticated", False)
        else "sistema"
    )
    with transaction.atomic():
        folio = tomar_folio(
            area=area, asunto=f"Acuse: {documento.strip()}", actor=actor, ahora=ahora
        )
        acuse = {
            "formato": acuses.FORMATO,
            "institucion": settings.DOCUMENTOS_FOLIO_INSTITUCION,
            "folio": folio.texto,
            "documento": documento.strip(),
            "documento_sha256": documento_sha256.lower(),
            "entregado_por": entregado_por.strip(),
            "recibido_por": recibido_por,
            "fecha_hora_utc": ahora.astimezone(UTC).isoformat(),
            "fecha_hora_local": timezone.localtime(ahora).isoformat(),
        }
        contenido = acuses.firmar(acuse, clave)
        # Content-addressed: if the transaction rolls back, the stored copy is a harmless orphan.
        sha, nombre = ACUSES.guardar(contenido, extension="json")
        audit.record(
            actor=actor,
            action="documentos.acuse",
            obj=folio,
            after={**acuse, "acuse_sha256": sha, "acuse_ruta": nombre},
        )
    return folio.texto, contenido
