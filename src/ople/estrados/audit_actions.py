"""The audit actions of estrados (electronic notices and estrados)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "estrados.publicar": "Publicación de un acto en los estrados electrónicos",
    "estrados.retirar": "Retiro de una publicación de los estrados (queda en el historial)",
    "estrados.destinatario": "Alta de un destinatario de notificaciones",
    "estrados.aceptar": "Un destinatario acepta las notificaciones electrónicas",
    "estrados.notificar": "Notificación de un acto (electrónica, automática o por estrados)",
    "estrados.abrir": "Primera apertura de una notificación electrónica y su acuse",
    "estrados.corte": "Corte publicado (firmado y encadenado) de los estrados electrónicos",
    "estrados.tener_por_notificada": "Notificación no abierta que se tiene por practicada",
}
