"""The audit actions of the documents platform (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "documentos.folio": "Folio tomado de una serie (área y año) para un documento.",
    "documentos.acuse": "Acuse de recibo firmado con la clave del instituto.",
    "documentos.emision": "Documento emitido: su contenido canónico y su huella, conservados.",
    "documentos.corte": "Corte publicado de las páginas de verificación de documentos.",
}
