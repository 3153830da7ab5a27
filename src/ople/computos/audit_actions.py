"""The audit actions of the Sistema de Cómputo (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "computos.rp_corte": "Corte publicado de la asignación de representación proporcional.",
    "computos.crear_consejos": "Consejos de cómputo creados desde el catálogo",
    "computos.integrante": "Integrante de un consejo registrado",
    "computos.acta_en_mano": "Acta en mano registrada (paquete, presidencia o representación)",
    "computos.importar_prep": "Cifras del PREP traídas como actas en mano",
    "computos.condicion_paquete": "Condición de un paquete registrada",
    "computos.aprobar_recuento": "Lista de recuento, grupos de trabajo y sede aprobados",
    "computos.designar_grupo": "Presidencia de un grupo de trabajo designada",
    "computos.avanzar": "La sesión de cómputo pasó a su siguiente etapa",
    "computos.solicitar_recuento_total": "Solicitud de recuento total y su prueba",
    "computos.cotejo_captura": "Captura de cifras de cotejo (pendiente de confirmación)",
    "computos.cotejo": "Cotejo confirmado: aceptada o enviada a recuento",
    "computos.recuento": "Resultado del recuento de una casilla",
    "computos.decidir_reservado": "Decisión del pleno sobre un voto reservado",
    "computos.version": "Nueva versión del cómputo (suma o resolución judicial)",
    "computos.acta": "Acta de cómputo expedida",
    "computos.acta_grupo": "Acta circunstanciada de un grupo de trabajo expedida",
    "computos.constancia_mayoria": "Constancia de mayoría y validez expedida",
    "computos.firma": "Firma del acta de cómputo (o bajo protesta)",
    "computos.corte": "Corte publicado de los cómputos",
}
