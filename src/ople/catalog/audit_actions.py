"""The audit actions the electoral catalog records (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "catalog.importar_secciones": "Importación de secciones desde un archivo.",
    "catalog.importar_casillas": "Importación de casillas desde un archivo.",
    "catalog.importar_partidos": "Importación de partidos de un proceso.",
    "catalog.importar_coaliciones": "Importación de coaliciones de un proceso.",
    "catalog.importar_candidaturas": "Importación de candidaturas de un proceso.",
    "catalog.regenerar_opciones": "Opciones de la boleta de una elección regeneradas.",
    "catalog.cargar_catalogo": "Carga de un catálogo completo desde un directorio.",
    "catalog.cargar_catalogo_nacional": "Carga de una entidad desde el catálogo nacional.",
    "catalog.crear_catalogo_descrito": "Creación de una elección completa desde valores simples (reproducción).",
    "catalog.publicar_candidaturas": "Candidaturas aprobadas (o sustituidas) llevadas a la boleta.",
    "catalog.cargar_limites": "Carga de un conjunto de límites geográficos.",
    "catalog.activar_limites": "Activación de un conjunto de límites geográficos.",
}
