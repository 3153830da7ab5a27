"""The direct WSGI route for POST /prep/api/v1/actas answers exactly as the full stack does."""

from __future__ import annotations

import io
import json

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler

from ople.config.wsgi import application
from ople.core.testing import llamar_wsgi
from ople.prep import api, api_wsgi
from ople.prep.models import Digitalizacion, PuestaEnCeros
from tests.prep.datos_intake import bomba_png, jpeg, pdf_con_javascript, sha
from tests.prep.test_api import ACTA, API, OTRA_CASILLA_ACTA, cat, enrolar  # noqa: F401
from tests.prep.test_api_rendimiento import _cuerpo

pytestmark = pytest.mark.django_db


def _llamar(app, metodo, ruta, cuerpo=b"", host="testserver", **extra):
    linea, lista, contenido = llamar_wsgi(
        application if app is None else app,
        metodo=metodo,
        ruta=ruta,
        cuerpo=cuerpo,
        tipo="multipart/form-data; boundary=LIMITE",
        host=host,
        **extra,
    )
    _ULTIMA.update(linea=linea, lista=lista, contenido=contenido)
    return int(linea.split()[0]), dict(lista), contenido


_ULTIMA: dict = {}  # status line and header list, in order, of the last _llamar


def _exacta(app, cuerpo, **extra):
    """(status line, header list in order, body) of one POST to the upload path."""
    _llamar(app, "POST", f"{API}/actas", cuerpo, **extra)
    return _ULTIMA["linea"], _ULTIMA["lista"], _ULTIMA["contenido"]


def _subida(datos, clave=ACTA, declarado=None, fecha=None):
    partes = [
        ("clave_acta", None, clave.encode()),
        ("sha256", None, (declarado or sha(datos)).encode()),
    ]
    if fecha is not None:
        partes.append(("capturado_en", None, fecha.encode()))
    return _cuerpo([*partes, ("imagen", "acta.jpg", datos)])


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
        for cabecera in (
            "X-Content-Type-Options",
            "X-Frame-Options",
            "Content-Security-Policy",
            "Content-Type",
            "Content-Length",
        ):
            assert directa[1].get(cabecera) == normal[1].get(cabecera), cabecera
    estado, cabeceras, contenido = _llamar(None, "POST", f"{API}/actas", _subida(jpeg(2)), **auth)
    assert estado == 201, contenido
    assert cabeceras["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in cabeceras["Content-Security-Policy"]
    assert cabeceras["Content-Length"] == str(len(contenido))  # not chunked by the server
    assert json.loads(contenido)["recibo"] == str(Digitalizacion.objects.get().recibo)
    # Host not allowed: refused before the view; other methods still go through Django.
    assert (
        _llamar(None, "POST", f"{API}/actas", _subida(jpeg(3)), host="malo.example", **auth)[0]
        == 400
    )
    assert Digitalizacion.objects.count() == 1
    estado, cabeceras, contenido = _llamar(None, "GET", f"{API}/actas", **auth)
    assert estado == 405 and json.loads(contenido)["error"]["codigo"] == "metodo_no_permitido"


def _contar(senal):
    cuenta = []

    def receptor(**kwargs):
        cuenta.append(kwargs.get("sender"))

    senal.connect(receptor, weak=False)
    return cuenta, lambda: senal.disconnect(receptor)


def test_funcion_directa_responde_byte_a_byte_como_el_manejador_de_django(cat, caplog, monkeypatch):  # noqa: F811
    """The plain WSGI function answers every plain upload exactly as ManejadorActas (Django's
    request, JsonResponse and the two middleware) does: status line, headers in order, body,
    the log line of a refusal, and request_started / request_finished once each."""
    from django.test import Client

    token = enrolar(Client(), cat)["token"]
    django_ = api_wsgi.ManejadorActas()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    https = {**auth, "wsgi.url_scheme": "https"}
    casos = [
        ({}, _subida(jpeg(1))),  # no token
        ({"HTTP_AUTHORIZATION": "Bearer nada"}, _subida(jpeg(1))),
        ({"HTTP_AUTHORIZATION": "Basic eA=="}, _subida(jpeg(1))),
        (auth, _subida(jpeg(1), clave="NOEXISTE")),
        (auth, _subida(jpeg(1), clave="X" * 30)),
        (auth, _subida(jpeg(1), clave=OTRA_CASILLA_ACTA)),
        (auth, _subida(b"no es imagen")),
        (auth, _subida(bomba_png())),
        (auth, _subida(bomba_png(7483))),
        (auth, _subida(jpeg(1)[:900])),
        (auth, _subida(jpeg(1) + b"<html></html>")),
        (auth, _subida(pdf_con_javascript())),
        (auth, _subida(jpeg(1), declarado="a" * 64)),
        (auth, _subida(jpeg(1), declarado="xyz")),
        (auth, _subida(jpeg(1), fecha="ayer")),
        (auth, _cuerpo([("clave_acta", None, ACTA.encode()), ("imagen", "a.jpg", jpeg(1))])),
        (https, _subida(jpeg(1), clave="NOEXISTE")),
    ]
    por_django = []
    llamar_django = api_wsgi.ManejadorActas.__call__

    def espia(self, environ, start_response):
        por_django.append(environ["PATH_INFO"])
        return llamar_django(self, environ, start_response)

    monkeypatch.setattr(api_wsgi.ManejadorActas, "__call__", espia)
    for extra, cuerpo in casos:
        caplog.clear()
        esperada = _exacta(django_, cuerpo, **extra)
        por_django.clear()
        registro_django = [(r.levelname, r.getMessage(), r.status_code) for r in caplog.records]
        caplog.clear()
        iniciadas, fin1 = _contar(signals.request_started)
        terminadas, fin2 = _contar(signals.request_finished)
        try:
            directa = _exacta(None, cuerpo, **extra)
        finally:
            fin1()
            fin2()
        assert directa == esperada
        assert por_django == []  # answered by the plain function
        assert 400 <= int(directa[0].split()[0]) < 500
        assert [(r.levelname, r.getMessage(), r.status_code) for r in caplog.records] == (
            registro_django
        )
        assert iniciadas == terminadas == [api_wsgi.ManejadorActas]
    assert Digitalizacion.objects.count() == 0

    # A receipt, then the same bytes again through each: the same status line, headers, body.
    primera = _exacta(None, _subida(jpeg(2), fecha="2024-06-02T20:15:00"), **auth)
    assert primera[0] == "201 Created"
    otra = _exacta(django_, _subida(jpeg(3)), **auth)
    assert otra[0] == "201 Created" and otra[1] == primera[1]
    assert json.loads(primera[2]).keys() == json.loads(otra[2]).keys()
    repetida_django = _exacta(django_, _subida(jpeg(2)), **auth)
    por_django.clear()
    repetida = _exacta(None, _subida(jpeg(2)), **auth)
    assert repetida == repetida_django and repetida[0] == "200 OK"
    assert por_django == []
    assert json.loads(repetida[2])["recibo"] == json.loads(primera[2])["recibo"]
    assert Digitalizacion.objects.count() == 2
    # A secure request gets the secure request's headers (HSTS when configured).
    assert _exacta(None, _subida(jpeg(2)), **https) == _exacta(django_, _subida(jpeg(2)), **https)


def test_funcion_directa_cede_a_django_lo_que_no_es_una_subida_simple(cat):  # noqa: F811
    """Other shapes, hosts and sizes, and intake closed, still answer as the full stack."""
    from django.test import Client

    token = enrolar(Client(), cat)["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    completa = WSGIHandler()
    django_ = api_wsgi.ManejadorActas()
    raro = _subida(jpeg(4)).replace(
        b"Content-Type: image/jpeg", b"Content-Type: image/jpeg\r\nX: 1"
    )
    # A header the simple reader does not know: Django's parser reads it (a receipt, then the
    # same receipt again from either).
    assert _exacta(None, raro, **auth)[0] == "201 Created"
    assert _exacta(None, raro, **auth) == _exacta(django_, raro, **auth)
    casos = [
        ({**auth, "CONTENT_TYPE": "application/json"}, b"{}"),
        ({**auth, "CONTENT_TYPE": "multipart/form-data"}, _subida(jpeg(5))),  # no boundary
        ({**auth, "CONTENT_LENGTH": "99999999"}, _subida(jpeg(5))),
        ({**auth, "CONTENT_LENGTH": ""}, _subida(jpeg(5))),
        ({**auth, "HTTP_HOST": "malo.example"}, _subida(jpeg(5))),
    ]
    for extra, cuerpo in casos:
        directa = _exacta(None, cuerpo, **extra)
        assert directa == _exacta(django_, cuerpo, **extra)
        normal = _exacta(completa, cuerpo, **extra)
        assert directa[0] == normal[0]
        assert directa[2] == normal[2] or json.loads(directa[2]) == json.loads(normal[2])
    assert Digitalizacion.objects.count() == 1  # the unusual but valid body
    PuestaEnCeros.objects.all().delete()
    cerrado = _exacta(None, _subida(jpeg(6)), **auth)
    assert cerrado == _exacta(django_, _subida(jpeg(6)), **auth)
    assert json.loads(cerrado[2])["error"]["codigo"] == "intake_cerrado"


def test_error_inesperado_es_el_500_de_django(cat, monkeypatch, caplog):  # noqa: F811
    """An exception the plain function does not expect is answered by Django's handler: the
    same 500 as the handler's own, logged with its traceback, and the request ended."""
    from django.test import Client

    token = enrolar(Client(), cat)["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def falla(*args, **kwargs):
        raise RuntimeError("falla de prueba")

    monkeypatch.setattr(api, "_subir", falla)
    esperada = _exacta(api_wsgi.ManejadorActas(), _subida(jpeg(7)), **auth)
    registro_django = [(r.levelname, r.getMessage()) for r in caplog.records]
    caplog.clear()
    terminadas, fin = _contar(signals.request_finished)
    try:
        directa = _exacta(None, _subida(jpeg(7)), **auth)
    finally:
        fin()
    assert directa == esperada and directa[0].startswith("500")
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == registro_django
    assert caplog.records[-1].exc_info[1].args == ("falla de prueba",)
    assert terminadas == [api_wsgi.ManejadorActas]


def test_funcion_directa_y_la_conexion(cat):  # noqa: F811
    """close_old_connections runs at the start and the end of a plain upload, as in Django's
    handler: a connection past its CONN_MAX_AGE is closed by request_finished."""
    from django.db import connection

    entorno = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"{API}/actas",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "CONTENT_TYPE": "multipart/form-data; boundary=LIMITE",
        "HTTP_AUTHORIZATION": "Bearer nada",
    }
    cuerpo = _subida(jpeg(8))
    llamadas = []
    original = connection.close_if_unusable_or_obsolete

    def espia():
        llamadas.append(1)

    connection.close_if_unusable_or_obsolete = espia
    try:
        partes = application(
            {**entorno, "wsgi.input": io.BytesIO(cuerpo), "CONTENT_LENGTH": str(len(cuerpo))},
            lambda *a: None,
        )
        assert len(llamadas) == 1  # request_started
        b"".join(partes)
        partes.close()
        assert len(llamadas) == 2  # request_finished
    finally:
        connection.close_if_unusable_or_obsolete = original


def test_funcion_directa_con_https_configurado(cat, settings):  # noqa: F811
    """HSTS behind a proxy, and an HTTPS redirect, as the middleware of that configuration."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    directa = api_wsgi.con_ruta_directa(WSGIHandler())
    django_ = api_wsgi.ManejadorActas()
    cuerpo = _subida(jpeg(9))
    for extra in ({}, {"HTTP_X_FORWARDED_PROTO": "https"}, {"HTTP_X_FORWARDED_PROTO": "http"}):
        esperada = _exacta(django_, cuerpo, **extra)
        assert _exacta(directa, cuerpo, **extra) == esperada
        assert ("Strict-Transport-Security" in dict(esperada[1])) == (
            "HTTP_X_FORWARDED_PROTO" in extra and extra["HTTP_X_FORWARDED_PROTO"] == "https"
        )
    settings.SECURE_SSL_REDIRECT = True
    directa = api_wsgi.con_ruta_directa(WSGIHandler())
    django_ = api_wsgi.ManejadorActas()
    esperada = _exacta(django_, cuerpo)
    assert esperada[0].startswith("301") and _exacta(directa, cuerpo) == esperada
