"""OpenAPI 3.1 description of /api/ubica (served at /api/ubica/openapi.json)."""

from __future__ import annotations

from typing import Any


def _error(descripcion: str) -> dict[str, Any]:
    return {
        "description": descripcion,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def especificacion(servidor: str) -> dict[str, Any]:
    distrito = {
        "type": "object",
        "properties": {"numero": {"type": "integer"}, "cabecera": {"type": "string"}},
        "required": ["numero", "cabecera"],
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ople · Ubica tu distrito y casilla",
            "version": "1.0.0",
            "description": (
                "Dado un punto (latitud y longitud WGS84) o un número de sección, responde la "
                "sección electoral, el distrito local (con su cabecera), el municipio, el "
                "distrito federal y las casillas de la sección. Los puntos sobre el límite "
                "compartido por varias secciones se asignan a la de número menor. Límite de "
                "consultas por dirección: al excederlo se responde 429 con Retry-After."
            ),
            "license": {"name": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": servidor}],
        "paths": {
            "/api/ubica": {
                "get": {
                    "summary": "Ubicar sección, distritos, municipio y casillas",
                    "operationId": "ubica",
                    "parameters": [
                        {
                            "name": "lat",
                            "in": "query",
                            "schema": {"type": "number", "minimum": -90, "maximum": 90},
                            "description": "Latitud (con «lon»).",
                        },
                        {
                            "name": "lon",
                            "in": "query",
                            "schema": {"type": "number", "minimum": -180, "maximum": 180},
                            "description": "Longitud (con «lat»).",
                        },
                        {
                            "name": "seccion",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 9999},
                            "description": "Número de sección (en lugar de lat/lon).",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "La sección y lo que le corresponde.",
                            "headers": {"Cache-Control": {"schema": {"type": "string"}}},
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Ubicacion"}
                                }
                            },
                        },
                        "400": _error("Parámetros faltantes o inválidos."),
                        "404": _error(
                            "El punto está fuera de la entidad (codigo fuera_de_la_entidad) o "
                            "la sección no existe (codigo seccion_inexistente)."
                        ),
                        "429": _error("Demasiadas consultas; vea la cabecera Retry-After."),
                        "503": _error("No hay un conjunto de límites activo."),
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "codigo": {"type": "string"},
                                "mensaje": {"type": "string"},
                            },
                            "required": ["codigo", "mensaje"],
                        }
                    },
                    "required": ["error"],
                },
                "Casilla": {
                    "type": "object",
                    "properties": {
                        "clave": {"type": "string", "description": "CLAVE_CASILLA"},
                        "tipo": {"type": "string", "enum": ["B", "C", "E", "S", "M", "A", "P"]},
                        "tipo_nombre": {"type": "string"},
                        "nombre": {"type": "string", "description": "p. ej. Contigua 2"},
                        "domicilio": {"type": "string"},
                        "referencia": {"type": "string"},
                        "ubicacion": {"type": "string"},
                        "latitud": {"type": ["number", "null"]},
                        "longitud": {"type": ["number", "null"]},
                        "sintetica": {
                            "type": "boolean",
                            "description": "Dato sintético de demostración, no oficial",
                        },
                    },
                },
                "Ubicacion": {
                    "type": "object",
                    "properties": {
                        "entidad": {
                            "type": "object",
                            "properties": {
                                "clave": {"type": "integer"},
                                "nombre": {"type": "string"},
                            },
                        },
                        "seccion": {"type": "integer"},
                        "municipio": {
                            "type": "object",
                            "properties": {
                                "clave": {"type": "integer"},
                                "nombre": {"type": "string"},
                            },
                        },
                        "distrito_local": distrito,
                        "distrito_federal": distrito,
                        "casillas": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Casilla"},
                        },
                        "url": {"type": "string", "description": "Página pública de la sección"},
                        "prep_url": {
                            "type": ["string", "null"],
                            "description": "Resultados PREP de la sección en el corte vigente",
                        },
                        "punto": {
                            "type": "object",
                            "description": "Sólo en consultas por punto",
                            "properties": {
                                "lat": {"type": "number"},
                                "lon": {"type": "number"},
                                "exacto": {
                                    "type": "boolean",
                                    "description": (
                                        "Falso si el punto cayó en una rendija entre polígonos "
                                        "y se asignó a la sección más cercana"
                                    ),
                                },
                            },
                        },
                    },
                    "required": [
                        "seccion",
                        "municipio",
                        "distrito_local",
                        "distrito_federal",
                        "casillas",
                    ],
                },
            }
        },
    }
