"""The direct WSGI route for POST /prep/api/v1/actas answers exactly as the full stack does."""

from __future__ import annotations

import io
import json

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from ople.config.wsgi import application
from ople.prep.models import Digitalizacion
from tests.prep.datos_intake import jpeg, sha
from tests.prep.test_api import ACTA, API, cat, enrolar  # noqa: F401
from tests.prep.test_api_rendimiento import _cuerpo

pytestmark = pytest.mark.django_db


def _llamar(app, metodo, ruta, cuerpo=b"", host="testserver", **extra):
    entorno = {
        "REQUEST_METHOD": metodo,
        "PATH_INFO": ruta,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(cuerpo),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "CONTENT_LENGTH": str(len(cuerpo)),
        "CONTENT_TYPE": "multipart/form-data; boundary=LIMITE",
        **extra,
    }
    salida = {}

    def start_response(estado, cabeceras):
        salida["estado"] = int(estado.split()[0])
        salida["cabeceras"] = dict(cabeceras)

    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        partes = (application if app is None else app)(entorno, start_response)
        try:
            contenido = b"".join(partes)
        finally:
            partes.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return salida["estado"], salida["cabeceras"], contenido


def _subida(datos, clave=ACTA):
    return _cuerpo(
        [
            ("clave_acta", None, clave.encode()),
            ("sha256", None, sha(datos).encode()),
            ("imagen", "acta.jpg", datos),
        ]
    )


def test_ruta_directa_igual_que_la_pila_completa(cat):  # noqa: F811
    from django.test import Client

    token = enrolar(Client(), cat)["token"]
    completa = WSGIHandler()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    casos = [
        ({}, _subida(jpeg(1))),  # no token
        (auth, b"--LIMITE\r\nbasura"),  # malformed multipart
        (auth, _subida(jpeg(1), clave="NOEXISTE")),
        (auth, _subida(b"no es imagen")),
    ]
    for extra, cuerpo in casos:
        directa = _llamar(None, "POST", f"{API}/actas", cuerpo, **extra)
        normal = _llamar(completa, "POST", f"{API}/actas", cuerpo, **extra)
        assert directa[0] == normal[0] and 400 <= directa[0] < 500, (directa, normal)
        assert json.loads(directa[2]) == json.loads(normal[2])
        for cabecera in ("X-Content-Type-Options", "X-Frame-Options", "Content-Type"):
            assert directa[1].get(cabecera) == normal[1].get(cabecera), cabecera
    estado, cabeceras, contenido = _llamar(None, "POST", f"{API}/actas", _subida(jpeg(2)), **auth)
    assert estado == 201, contenido
    assert cabeceras["X-Content-Type-Options"] == "nosniff"
    assert json.loads(contenido)["recibo"] == str(Digitalizacion.objects.get().recibo)
    # Host not allowed: refused before the view; other methods still go through Django.
    assert (
        _llamar(None, "POST", f"{API}/actas", _subida(jpeg(3)), host="malo.example", **auth)[0]
        == 400
    )
    assert Digitalizacion.objects.count() == 1
    estado, cabeceras, contenido = _llamar(None, "GET", f"{API}/actas", **auth)
    assert estado == 405 and json.loads(contenido)["error"]["codigo"] == "metodo_no_permitido"
