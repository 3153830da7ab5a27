"""The audit actions of the publication platform (see `core.audit.declared_actions`).

A cut itself is recorded under the publishing system's own action (`publicar(accion=...)`,
declared by that system, with `manifest_sha256` in the event)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "publicacion.recuperacion": (
        "Recuperación del publicador de un sitio: corte colocado, apartado o puntero reescrito."
    ),
}
