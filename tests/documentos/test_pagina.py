"""The verification page is pure: table tests of what it shows and escapes (ADR 0056)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from ople.documentos import pagina, pdf

DOC = pdf.Documento(
    titulo="Acuerdo <CG-A-01/2024>",
    lineas=("Primero: «se aprueba» & publica", "", "Segundo: ñandú"),
    folio="IEE/SE/001/2024",
    fecha=datetime(2024, 6, 2, 14, 0, tzinfo=UTC),
    firmas=("Presidencia",),
)
HUELLA = pdf.sha256(DOC)


def _html(**extra):
    contenido = json.loads(pdf.contenido_canonico(DOC))
    return pagina.pagina(
        contenido,
        sha256=HUELLA,
        institucion="Instituto Estatal Electoral",
        url_base="https://ople.example.org/documentos/",
        **extra,
    ).decode()


@pytest.mark.parametrize(
    "fragmento",
    [
        '<html lang="es">',
        "Documento emitido por Instituto Estatal Electoral.",
        "Acuerdo &lt;CG-A-01/2024&gt;",
        "«se aprueba» &amp; publica",
        "Segundo: ñandú",
        "<li>Presidencia</li>",
        HUELLA,
        f"curl -s https://ople.example.org/documentos/almacen/{HUELLA}.json | sha256sum",
        f'href="almacen/{HUELLA}.json"',
        '<link rel="stylesheet" href="estilo.css">',
    ],
)
def test_la_pagina_muestra(fragmento):
    assert fragmento in _html()


def test_sin_javascript_ni_estilo_en_linea_ni_terceros():
    html = _html()
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "https://" not in html.replace("https://ople.example.org/documentos/", "")


def test_la_fecha_en_la_zona_del_instituto():
    assert "2 de junio de 2024, 14:00 (UTC+00:00)" in _html()
    local = _html(zona=ZoneInfo("America/Mexico_City"))
    assert "2 de junio de 2024, 08:00 (UTC-06:00)" in local


def test_no_encontrado():
    html = pagina.no_encontrado("IEE", "<x>").decode()
    assert "no ha emitido ningún documento con esa huella" in html and "&lt;x&gt;" in html
