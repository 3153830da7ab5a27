"""What PREP Casilla relies on from the intake API, exercised as the app uses it."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.contrib.staticfiles import finders

from ople.casilla.views import ESTATICOS
from ople.prep.models import Digitalizacion, Imagen, PuestaEnCeros

from .conftest import crear_jornada, foto_acta

pytestmark = pytest.mark.django_db

CASILLA = "010393C0100"
AJENA = "010393B0100"
ACTA = CASILLA + "02"
ACTA_AJENA = AJENA + "02"


def _enrolar(client, codigo: str) -> str:
    resp = client.post(
        "/prep/api/v1/enrolamiento",
        data=json.dumps({"codigo": codigo, "nombre": "Teléfono de Ana"}),
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    cuerpo = resp.json()
    assert [c["clave"] for c in cuerpo["casillas"]] == [CASILLA]
    assert {a["clave_acta"] for a in cuerpo["casillas"][0]["actas"]} == {ACTA, CASILLA + "05"}
    return cuerpo["token"]


def _subir(client, token: str, clave: str, datos: bytes, sha: str, nombre: str = "acta.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/prep/api/v1/actas",
        data={
            "imagen": SimpleUploadedFile(nombre, datos, content_type="image/jpeg"),
            "clave_acta": clave,
            "sha256": sha,
            "capturado_en": "2024-06-02T19:41:07.123Z",
        },
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def jornada(db):
    return crear_jornada()


@pytest.fixture
def token(client, jornada):
    return _enrolar(client, jornada.codigo(CASILLA))


def _nada_guardado() -> bool:
    return not Digitalizacion.objects.exists() and not Imagen.objects.exists()


def test_bytes_que_no_coinciden_con_el_hash_declarado(client, token):
    datos = foto_acta(ACTA)
    otro_hash = hashlib.sha256(datos + b"x").hexdigest()
    resp = _subir(client, token, ACTA, datos, otro_hash)
    assert resp.status_code == 422
    assert resp.json()["error"]["codigo"] == "hash_no_coincide"
    assert resp.json()["error"]["mensaje"]
    assert _nada_guardado()
    # one byte changed on the way, with the original hash
    alterados = bytearray(datos)
    alterados[len(alterados) // 2] ^= 0xFF
    resp = _subir(client, token, ACTA, bytes(alterados), hashlib.sha256(datos).hexdigest())
    assert resp.status_code == 422
    assert _nada_guardado()


def test_no_puede_subir_para_una_casilla_que_no_es_suya(client, token, jornada):
    datos = foto_acta(ACTA_AJENA)
    resp = _subir(client, token, ACTA_AJENA, datos, hashlib.sha256(datos).hexdigest())
    assert resp.status_code == 403
    assert resp.json()["error"] == {
        "codigo": "casilla_no_asignada",
        "mensaje": "Este dispositivo no está asignado a la casilla de esa acta.",
    }
    assert _nada_guardado()


def test_envio_y_reintento_idempotente(client, token):
    datos = foto_acta(ACTA)
    sha = hashlib.sha256(datos).hexdigest()
    primera = _subir(client, token, ACTA, datos, sha)
    assert primera.status_code == 201
    r1 = primera.json()
    assert r1["sha256"] == sha and r1["clave_acta"] == ACTA and r1["duplicado"] is False
    segunda = _subir(client, token, ACTA, datos, sha)
    assert segunda.status_code == 200
    r2 = segunda.json()
    assert r2["recibo"] == r1["recibo"] and r2["duplicado"] is True
    assert Digitalizacion.objects.count() == 1
    dig = Digitalizacion.objects.get()
    assert dig.origen == "CASILLA" and dig.medio == "MOVIL"
    assert dig.capturado_en.isoformat().startswith("2024-06-02T19:41:07")


def test_png_que_en_realidad_es_texto(client, token):
    datos = b"esto no es una imagen\n" * 40
    resp = _subir(client, token, ACTA, datos, hashlib.sha256(datos).hexdigest(), "acta.png")
    assert resp.status_code in (415, 422)
    assert resp.json()["error"]["codigo"] in ("tipo_no_permitido", "imagen_invalida")
    assert _nada_guardado()


def test_sin_token_y_con_token_falso(client, jornada):
    datos = foto_acta(ACTA)
    sha = hashlib.sha256(datos).hexdigest()
    resp = _subir(client, "no-es-un-token", ACTA, datos, sha)
    assert resp.status_code == 401
    assert resp.json()["error"]["codigo"] == "no_autenticado"
    assert client.get("/prep/api/v1/dispositivo").status_code == 401


def test_listado_del_dispositivo(client, token):
    resp = client.get("/prep/api/v1/dispositivo", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert resp.status_code == 200
    assert resp.json()["dispositivo"]["nombre"] == "Teléfono de Ana"
    assert resp.json()["casillas"][0]["domicilio"].startswith("Escuela Primaria")


def test_codigo_de_un_solo_uso(client, jornada):
    codigo = jornada.codigo(CASILLA)
    _enrolar(client, codigo)
    resp = client.post(
        "/prep/api/v1/enrolamiento",
        data=json.dumps({"codigo": codigo, "nombre": "Otro"}),
        content_type="application/json",
    )
    assert resp.status_code == 403
    assert "error" in resp.json()


def test_intake_cerrado_antes_de_la_puesta_en_ceros(client, token):
    PuestaEnCeros.objects.all().delete()
    datos = foto_acta(ACTA)
    resp = _subir(client, token, ACTA, datos, hashlib.sha256(datos).hexdigest())
    assert resp.status_code == 409
    assert resp.json()["error"]["codigo"] == "intake_cerrado"
    assert _nada_guardado()


# --- the app's own views ---------------------------------------------------------------------


def test_pagina_de_la_app(client):
    resp = client.get("/casilla/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert '<html lang="es-MX">' in html
    assert "/casilla/manifest.webmanifest" in html
    assert 'capture="environment"' in html
    csp = resp["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "img-src 'self' blob:;" in csp  # the photo's preview, nothing else widened
    # no third-party requests: every URL in the page is on this origin
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html  # no inline script (the CSP forbids it)


def test_service_worker(client):
    resp = client.get("/casilla/sw.js")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/javascript")
    assert resp["Service-Worker-Allowed"] == "/casilla/"
    assert resp["Cache-Control"] == "no-cache"
    js = resp.content.decode()
    assert '"/casilla/"' in js
    for nombre in ESTATICOS:
        assert f"/static/{nombre}" in js


def test_manifiesto_instalable(client):
    resp = client.get("/casilla/manifest.webmanifest")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/manifest+json")
    m = resp.json()
    assert m["start_url"] == "/casilla/" and m["scope"] == "/casilla/"
    assert m["display"] == "standalone" and m["lang"] == "es-MX"
    tamanos = {i["sizes"] for i in m["icons"]}
    assert {"192x192", "512x512"} <= tamanos
    for icono in m["icons"]:
        assert finders.find(icono["src"].removeprefix("/static/")) is not None


def test_archivos_estaticos_existen():
    for nombre in ESTATICOS:
        assert finders.find(nombre) is not None, nombre
