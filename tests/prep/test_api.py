"""PREP Casilla API v1 through Django's test client: contract, every error code, no 500s."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ople.core.models import AuditEvent
from ople.prep.evidencia import actas as storage
from ople.prep.models import Digitalizacion, Dispositivo, EstadoActa, Imagen, PuestaEnCeros
from ople.prep.services import dispositivos
from tests.prep.datos_intake import (
    bomba_png,
    catalogo_con_actas,
    foto_movil,
    jpeg,
    pdf_con_javascript,
    sha,
    supervisor,
)

pytestmark = pytest.mark.django_db

API = "/prep/api/v1"
CASILLA = "010393C0200"
ACTA = "010393C020002"
OTRA_CASILLA_ACTA = "010393B010002"


@pytest.fixture
def cat():
    return catalogo_con_actas()


@pytest.fixture
def cliente():
    return Client(enforce_csrf_checks=True)  # the API must not need a CSRF token


def enrolar(cliente, cat, casillas=(CASILLA,)):
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=supervisor(),
        etiqueta="CAE 1",
        casillas=[cat.casillas[c] for c in casillas],
        vigencia=timedelta(hours=4),
    )
    r = cliente.post(
        f"{API}/enrolamiento",
        data=json.dumps({"codigo": codigo, "nombre": "Teléfono CAE 1"}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    return r.json()


@pytest.fixture
def token(cliente, cat):
    return enrolar(cliente, cat)["token"]


def subir(cliente, token, datos, clave=ACTA, declarado=None, **extra):
    campos = {
        "imagen": _archivo(datos),
        "clave_acta": clave,
        "sha256": declarado if declarado is not None else sha(datos),
        "capturado_en": "2024-06-02T19:58:12-06:00",
        **extra,
    }
    return cliente.post(f"{API}/actas", data=campos, HTTP_AUTHORIZATION=f"Bearer {token}")


def _archivo(datos: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("acta.jpg", datos, content_type="image/jpeg")


def codigo_error(r) -> str:
    cuerpo = r.json()
    assert set(cuerpo) == {"error"} and cuerpo["error"]["mensaje"]
    return cuerpo["error"]["codigo"]


def test_enrolamiento_y_listado(cliente, cat):
    cuerpo = enrolar(cliente, cat)
    assert set(cuerpo) == {"token", "dispositivo", "casillas"}
    assert cuerpo["dispositivo"]["nombre"] == "Teléfono CAE 1"
    assert cuerpo["casillas"] == [
        {
            "clave": CASILLA,
            "seccion": 393,
            "tipo": "C",
            "domicilio": "Escuela primaria, sección 393",
            "actas": [
                {"clave_acta": ACTA, "eleccion": "DIPUTACIONES LOCALES", "tipo_acta": "2"},
                {"clave_acta": "010393C020004", "eleccion": "AYUNTAMIENTOS", "tipo_acta": "4"},
            ],
        }
    ]
    r = cliente.get(f"{API}/dispositivo", HTTP_AUTHORIZATION=f"Bearer {cuerpo['token']}")
    assert r.status_code == 200
    assert r.json() == {"dispositivo": cuerpo["dispositivo"], "casillas": cuerpo["casillas"]}
    assert Dispositivo.objects.get().token_sha256 == sha(cuerpo["token"].encode())


def test_subida_idempotente_y_versiones(cliente, token, settings):
    datos = jpeg(1)
    r = subir(cliente, token, datos)
    assert r.status_code == 201, r.content
    recibo = r.json()
    assert set(recibo) == {"recibo", "clave_acta", "sha256", "version", "recibido_en", "duplicado"}
    assert recibo["clave_acta"] == ACTA and recibo["sha256"] == sha(datos)
    assert recibo["version"] == 1 and recibo["duplicado"] is False
    assert recibo["recibido_en"].endswith("Z")
    dig = Digitalizacion.objects.get()
    assert str(dig.recibo) == recibo["recibo"]
    assert dig.origen == "CASILLA" and dig.medio == "MOVIL" and dig.dispositivo is not None
    assert dig.capturado_en.isoformat() == "2024-06-03T01:58:12+00:00"
    assert (Path(settings.MEDIA_ROOT) / dig.imagen.ruta).read_bytes() == datos

    otra = subir(cliente, token, datos)
    assert otra.status_code == 200
    assert otra.json() == {**recibo, "duplicado": True}
    assert Digitalizacion.objects.count() == 1

    v2 = subir(cliente, token, jpeg(2))
    assert v2.status_code == 201 and v2.json()["version"] == 2
    assert Digitalizacion.objects.count() == 2 and Imagen.objects.count() == 2
    assert EstadoActa.objects.get(acta__clave=ACTA).estado == "DIGITALIZADA"
    assert AuditEvent.objects.filter(action="prep.intake").count() == 2


def test_no_autenticado(cliente, cat):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer nada"}, {"HTTP_AUTHORIZATION": "Basic x"}):
        r = cliente.get(f"{API}/dispositivo", **headers)
        assert r.status_code == 401 and codigo_error(r) == "no_autenticado"
    r = subir(cliente, "token-falso", jpeg(1))
    assert r.status_code == 401 and codigo_error(r) == "no_autenticado"


def test_codigo_invalido_y_solicitud_invalida(cliente, cat):
    r = cliente.post(
        f"{API}/enrolamiento",
        data=json.dumps({"codigo": "AAAA-BBBB-CCCC", "nombre": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 403 and codigo_error(r) == "codigo_invalido"
    for cuerpo in (b"{", b"[]", b'{"codigo": 5}', b"\xff\xfe", b'{"codigo": "x"}'):
        r = cliente.post(f"{API}/enrolamiento", data=cuerpo, content_type="application/json")
        assert r.status_code == 400 and codigo_error(r) == "solicitud_invalida", cuerpo


def test_un_codigo_se_usa_una_vez(cliente, cat):
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=supervisor(),
        etiqueta="x",
        casillas=[cat.casillas[CASILLA]],
        vigencia=timedelta(hours=1),
    )
    cuerpo = json.dumps({"codigo": codigo, "nombre": "uno"})
    assert cliente.post(f"{API}/enrolamiento", cuerpo, "application/json").status_code == 201
    r = cliente.post(f"{API}/enrolamiento", cuerpo, "application/json")
    assert r.status_code == 403 and codigo_error(r) == "codigo_invalido"
    assert Dispositivo.objects.count() == 1


@pytest.mark.parametrize(
    ("datos", "clave", "declarado", "estado", "codigo"),
    [
        (jpeg(1), ACTA, "a" * 64, 422, "hash_no_coincide"),
        (b"GIF89a" + b"\x00" * 300, ACTA, None, 415, "tipo_no_permitido"),
        (bomba_png(), ACTA, None, 422, "imagen_invalida"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ACTA, None, 422, "imagen_invalida"),
        # a phone photo cut to a third, one with a page appended, a PDF with JavaScript, a PNG
        # of 55 KB that inflates to 56 megapixels (each was stored before)
        (foto_movil(1)[: len(foto_movil(1)) // 3], ACTA, None, 422, "imagen_invalida"),
        (
            foto_movil(2) + b"<html><script>alert(1)</script></html>",
            ACTA,
            None,
            422,
            "imagen_invalida",
        ),
        (pdf_con_javascript(), ACTA, None, 415, "tipo_no_permitido"),
        (bomba_png(7483), ACTA, None, 422, "imagen_invalida"),
        (jpeg(1), "019999B010002", None, 404, "acta_desconocida"),
        (jpeg(1), OTRA_CASILLA_ACTA, None, 403, "casilla_no_asignada"),
        (jpeg(1), ACTA, "xyz", 400, "solicitud_invalida"),
    ],
)
def test_errores_de_subida_no_dejan_nada(
    cliente, token, settings, datos, clave, declarado, estado, codigo
):
    antes = AuditEvent.objects.count()
    r = subir(cliente, token, datos, clave=clave, declarado=declarado)
    assert r.status_code == estado and codigo_error(r) == codigo
    assert not Digitalizacion.objects.exists() and not Imagen.objects.exists()
    assert AuditEvent.objects.count() == antes
    raiz = Path(settings.MEDIA_ROOT) / storage.prefijo
    assert not raiz.exists() or not any(p.is_file() for p in raiz.rglob("*"))


@pytest.mark.parametrize("orientacion", [None, 6])
def test_foto_de_telefono_aceptada(cliente, token, orientacion):
    datos = foto_movil(3, orientacion=orientacion)
    r = subir(cliente, token, datos)
    assert r.status_code == 201, r.content
    imagen = Imagen.objects.get(sha256=sha(datos))
    assert (imagen.tipo_mime, imagen.ancho, imagen.alto) == ("image/jpeg", 900, 1200)


def test_demasiado_grande(cliente, token, settings):
    datos = jpeg(3)
    settings.OPLE_MAX_IMAGE_BYTES = len(datos) - 10
    r = subir(cliente, token, datos)
    assert r.status_code == 413 and codigo_error(r) == "demasiado_grande"
    settings.OPLE_MAX_IMAGE_BYTES = 100
    r = subir(cliente, token, datos)  # refused from Content-Length, before reading the body
    assert r.status_code == 413 and codigo_error(r) == "demasiado_grande"
    assert not Digitalizacion.objects.exists()


def test_intake_cerrado(cliente, token):
    PuestaEnCeros.objects.all().delete()
    r = subir(cliente, token, jpeg(1))
    assert r.status_code == 409 and codigo_error(r) == "intake_cerrado"


def test_campos_faltantes_y_metodos(cliente, token):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = cliente.post(f"{API}/actas", data={"clave_acta": ACTA}, **auth)
    assert r.status_code == 400 and codigo_error(r) == "solicitud_invalida"
    r = cliente.post(f"{API}/actas", data=b"{}", content_type="application/json", **auth)
    assert r.status_code == 400 and codigo_error(r) == "solicitud_invalida"
    r = subir(cliente, token, jpeg(1), capturado_en="ayer")
    assert r.status_code == 400 and codigo_error(r) == "solicitud_invalida"
    r = cliente.get(f"{API}/actas", **auth)
    assert r.status_code == 405 and codigo_error(r) == "metodo_no_permitido"
    r = cliente.get(f"{API}/no-existe")
    assert r.status_code == 404 and codigo_error(r) == "no_encontrado"


def test_multipart_malformado(cliente, token):
    r = cliente.generic(
        "POST",
        f"{API}/actas",
        b'--xyz\r\nContent-Disposition: form-data; name="imagen"; filename="a"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=xyz",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 400 and codigo_error(r) == "solicitud_invalida"
    r = cliente.generic(
        "POST",
        f"{API}/actas",
        b"abc",
        content_type="multipart/form-data",  # no boundary
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 400 and codigo_error(r) == "solicitud_invalida"


def test_openapi(cliente):
    r = cliente.get(f"{API}/openapi.json")
    assert r.status_code == 200
    esquema = r.json()
    assert esquema["openapi"].startswith("3.")
    assert set(esquema["paths"]) >= {"/enrolamiento", "/dispositivo", "/actas"}
    codigos = set(
        esquema["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["codigo"][
            "enum"
        ]
    )
    assert codigos >= {
        "no_autenticado",
        "hash_no_coincide",
        "tipo_no_permitido",
        "demasiado_grande",
        "imagen_invalida",
        "acta_desconocida",
        "casilla_no_asignada",
        "intake_cerrado",
        "solicitud_invalida",
    }


# --- property: arbitrary bad input never yields a 500 ------------------------------------------

_texto = st.text(max_size=80)
_bytes = st.binary(max_size=2048)


@hsettings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ruta=st.sampled_from(["enrolamiento", "actas", "dispositivo", "openapi.json", "x"]),
    metodo=st.sampled_from(["POST", "GET", "PUT", "DELETE"]),
    tipo=st.sampled_from(
        [
            "application/json",
            "multipart/form-data; boundary=B",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "text/plain",
            "image/jpeg",
        ]
    ),
    cuerpo=st.one_of(
        _bytes,
        st.builds(
            lambda d: json.dumps(d).encode(),
            st.dictionaries(_texto, st.one_of(_texto, st.integers(), st.none())),
        ),
        st.builds(
            lambda nombre, valor, resto: (
                b'--B\r\nContent-Disposition: form-data; name="' + nombre + b'"; filename="f"\r\n'
                b"Content-Type: image/jpeg\r\n\r\n" + valor + b"\r\n--B" + resto
            ),
            st.sampled_from([b"imagen", b"clave_acta", b"sha256", b"capturado_en", b"\xff"]),
            _bytes,
            st.sampled_from([b"--\r\n", b"", b"\r\n", b"--"]),
        ),
    ),
    autorizacion=st.sampled_from(["", "Bearer ", "Bearer x", "VALIDO", "Bearer \x00"]),
)
def test_entrada_arbitraria_nunca_500(cat, token, ruta, metodo, tipo, cuerpo, autorizacion):
    cliente = Client(raise_request_exception=False)
    auth = f"Bearer {token}" if autorizacion == "VALIDO" else autorizacion
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    r = cliente.generic(metodo, f"{API}/{ruta}", cuerpo, content_type=tipo, **headers)
    assert r.status_code < 500, (r.status_code, r.content[:300])
    if r.status_code >= 400:
        assert codigo_error(r)


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    clave=st.one_of(_texto, st.just(ACTA)),
    declarado=st.one_of(_texto, st.just("SAME")),
    capturado=st.one_of(_texto, st.just("2024-06-02T19:00:00Z")),
    datos=st.one_of(_bytes, st.just(jpeg(9))),
)
def test_campos_arbitrarios_nunca_500(cat, token, clave, declarado, capturado, datos):
    cliente = Client(raise_request_exception=False)
    r = subir(
        cliente,
        token,
        datos,
        clave=clave.replace("\x00", ""),
        declarado=sha(datos) if declarado == "SAME" else declarado.replace("\x00", ""),
        capturado_en=capturado.replace("\x00", ""),
    )
    assert r.status_code in (200, 201) or 400 <= r.status_code < 500, r.content[:300]
    if r.status_code >= 400:
        assert codigo_error(r)
