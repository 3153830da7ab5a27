"""The audit actions of oficialía (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "oficialia.registrar": "Registro de un oficio, memorándum o solicitud con su folio",
    "oficialia.turnar": "Turno de un documento a una o varias áreas",
    "oficialia.atender": "Un área empieza a atender un turno",
    "oficialia.responder": "Respuesta de un área a un turno",
    "oficialia.archivar": "Archivo de un documento",
    "oficialia.solicitud": "Solicitud a la Coordinación de Informática",
    "oficialia.avance": "Avance de una solicitud a Informática",
}
