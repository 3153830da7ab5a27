"""The audit actions of candidacies and Conóceles (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "candidaturas.registrar": "Registro de una candidatura (fórmula, lista o planilla) por un partido.",
    "candidaturas.documento": "Documento presentado para una candidatura.",
    "candidaturas.presentar": "Candidatura presentada (o corregida) para revisión.",
    "candidaturas.prevencion": "Prevención emitida a una candidatura, con su plazo.",
    "candidaturas.procedente": "Candidatura revisada: cumple los requisitos.",
    "candidaturas.negar": "Candidatura negada, con sus motivos.",
    "candidaturas.acuerdo": "Aprobación en bloque de candidaturas por acuerdo del Consejo.",
    "candidaturas.sustitucion": "Sustitución de una persona en una candidatura aprobada.",
    "candidaturas.siglado": "Siglado de un convenio de coalición en una demarcación.",
    "candidaturas.aspirante": "Aspirante a candidatura independiente: alta o cambio de etapa.",
    "candidaturas.votacion_previa": "Carga de la votación del proceso anterior (bloques de competitividad).",
    "candidaturas.ficha": "Cuestionario de Conóceles capturado.",
    "candidaturas.ficha_revision": "Cuestionario de Conóceles validado u observado.",
    "candidaturas.foto": "Fotografía de Conóceles moderada.",
    "candidaturas.conoceles": "Publicación del sitio Conóceles.",
}
