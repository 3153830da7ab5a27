"""The audit actions of package tracking (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "paquetes.generar": "Generación de los paquetes esperados de una elección",
    "paquetes.mecanismo": "Alta de un mecanismo de recolección (CRyT fijo, itinerante o DAT)",
    "paquetes.asignar": "Asignación del mecanismo y la ubicación de un paquete",
    "paquetes.evento": "Registro de un evento de la cadena de custodia de un paquete",
    "paquetes.correccion": "Corrección de un evento de custodia (nuevo evento con su motivo)",
    "paquetes.codigo_enrolamiento": "Código de enrolamiento de un teléfono de escaneo",
    "paquetes.enrolamiento": "Enrolamiento de un teléfono de escaneo de paquetes",
    "paquetes.revocacion": "Baja de un teléfono de escaneo de paquetes (perdido, robado…)",
    "paquetes.corte": "Corte publicado del avance de la recepción de paquetes (solo cifras)",
}
