"""The audit actions of the public registers (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "registros.entrada_captura": "Entrada del registro VPMRG capturada (pendiente de aprobación).",
    "registros.entrada_correccion": "Corrección de una entrada VPMRG capturada como nueva versión.",
    "registros.entrada_aprobacion": "Versión de una entrada VPMRG aprobada por otra persona.",
    "registros.entrada_rechazo": "Versión de una entrada VPMRG rechazada por otra persona.",
    "registros.sancion_alta": "Sanción registrada para su ejecución o vigilancia.",
    "registros.sancion_estado": "Cambio de estado de una sanción en seguimiento.",
    "registros.sancion_pago": "Pago de una multa registrado.",
    "registros.sancion_evidencia": "Documento de evidencia agregado a una sanción.",
    "registros.expediente_alta": "Expediente PES/POS radicado con su clave.",
    "registros.expediente_etapa": "Etapa de un expediente PES/POS registrada.",
    "registros.expediente_medida": "Medida cautelar de un expediente registrada.",
    "registros.expediente_medida_resolucion": "Resolución de una medida cautelar registrada.",
    "registros.expediente_resolucion": "Resolución o sentencia de un expediente registrada.",
    "registros.expediente_documento": "Documento agregado a un expediente PES/POS.",
    "registros.conciliacion": "Conciliación con el Registro Nacional del INE realizada.",
    "registros.corte": "Corte de los registros públicos publicado.",
}
