"""One shape of refusal (ople.core.errors.OpleError) and one place that answers it in JSON."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import ople
from ople.core import errores
from ople.core.errors import OpleError
from ople.lookup.views import ParametroInvalido
from ople.prep.imagecheck import ImagenRechazada
from ople.prep.services.dispositivos import EnrolamientoError
from ople.prep.services.intake import IntakeError

OPLE = Path(ople.__file__).parent


@pytest.mark.parametrize(
    "clase", [IntakeError, EnrolamientoError, ImagenRechazada, ParametroInvalido]
)
def test_cada_rechazo_es_un_ople_error(clase):
    exc = clase("tipo_no_permitido", "Sólo se aceptan imágenes JPEG o PNG.")
    assert isinstance(exc, OpleError)
    assert (exc.codigo, exc.mensaje, str(exc)) == (
        "tipo_no_permitido",
        "Sólo se aceptan imágenes JPEG o PNG.",
        "Sólo se aceptan imágenes JPEG o PNG.",
    )
    assert exc.como_json() == {
        "error": {"codigo": "tipo_no_permitido", "mensaje": "Sólo se aceptan imágenes JPEG o PNG."}
    }


def test_el_estado_es_opcional_y_una_subclase_puede_fijarlo():
    assert OpleError("x", "y").estado is None
    assert OpleError("x", "y", estado=409).estado == 409
    assert ParametroInvalido("x", "y").estado == 400
    assert ParametroInvalido("x", "y", estado=422).estado == 422


def test_respuesta_json_es_el_cuerpo_de_siempre():
    """Byte for byte what the APIs answered before: Django's JSON with escaped accents by
    default (PREP API, core's error pages), plain UTF-8 where asked (the lookup API)."""
    exc = OpleError("intake_cerrado", "La recepción está cerrada.")
    r = errores.respuesta_json(exc, estado=409)
    assert r.status_code == 409 and r["Content-Type"] == "application/json"
    assert (
        r.content
        == json.dumps(
            {"error": {"codigo": "intake_cerrado", "mensaje": "La recepción está cerrada."}}
        ).encode()
    )
    assert b"\\u00f3" in r.content
    r = errores.respuesta_json(exc, estado=409, ensure_ascii=False)
    assert "recepción".encode() in r.content


def test_ninguna_otra_clase_define_codigo_y_mensaje():
    """A new refusal derives from OpleError instead of writing its own codigo and mensaje."""
    propias = []
    for archivo in sorted(OPLE.rglob("*.py")):
        for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
            if not isinstance(nodo, ast.ClassDef):
                continue
            asignados = {
                destino.attr
                for n in ast.walk(nodo)
                if isinstance(n, ast.Assign)
                for destino in n.targets
                if isinstance(destino, ast.Attribute)
                and isinstance(destino.value, ast.Name)
                and destino.value.id == "self"
            }
            if {"codigo", "mensaje"} <= asignados:
                propias.append(f"{archivo.relative_to(OPLE)}:{nodo.name}")
    assert propias == ["core/errors.py:OpleError"]
