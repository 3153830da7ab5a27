"""The audit actions the PREP records (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "prep.actas_esperadas": "Generación de las actas esperadas del proceso desde el catálogo.",
    "prep.puesta_en_ceros": "Puesta en ceros del sistema antes de la jornada.",
    "prep.acopio": "Llegada de un paquete o sobre PREP registrada en el CATD.",
    "prep.intake": "Imagen de un acta recibida (CATD, PREP Casilla o API).",
    "prep.captura": "Captura de los datos de un acta.",
    "prep.conflicto": "Capturas de un acta que no coinciden entre sí.",
    "prep.verificacion": "Verificación de un acta capturada.",
    "prep.sin_acta": "Acta registrada como faltante (sin acta PREP).",
    "prep.codigo_enrolamiento": "Código de enrolamiento de dispositivo emitido.",
    "prep.enrolamiento": "Dispositivo enrolado con un código.",
    "prep.dispositivo_revocado": "Dispositivo revocado: deja de poder enviar actas.",
    "prep.corte": "Corte de resultados publicado.",
    "prep.corte.recuperacion": "Reparación de lo que dejó un publicador interrumpido a medio corte.",
}
