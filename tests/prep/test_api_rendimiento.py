"""The API's lean paths: the simple multipart reader agrees with Django's parser, and the
per-token / per-acta / open-process caches save their queries without weakening any check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ople.prep import api
from ople.prep.models import Digitalizacion, Dispositivo
from ople.prep.services import dispositivos, intake
from tests.prep.datos_intake import jpeg
from tests.prep.test_api import ACTA, API, CASILLA, cat, codigo_error, enrolar, subir  # noqa: F401


def _peticion(cuerpo: bytes, limite: str = "LIMITE"):
    return RequestFactory().generic(
        "POST", "/x", cuerpo, content_type=f"multipart/form-data; boundary={limite}"
    )


def _cuerpo(partes: list[tuple[str, str | None, bytes]], limite: str = "LIMITE") -> bytes:
    salida = b""
    for nombre, archivo, valor in partes:
        disp = f'Content-Disposition: form-data; name="{nombre}"'
        if archivo is not None:
            disp += f'; filename="{archivo}"\r\nContent-Type: image/jpeg'
        salida += f"--{limite}\r\n{disp}\r\n\r\n".encode() + valor + b"\r\n"
    return salida + f"--{limite}--\r\n".encode()


def test_multipart_simple_lee_lo_que_envia_la_app():
    datos = jpeg(3) + b"\r\n--LIMIT\r\n"  # bytes that look like a boundary but are not one
    cuerpo = _cuerpo(
        [("clave_acta", None, ACTA.encode()), ("sha256", None, b"ab"), ("imagen", "a.jpg", datos)]
    )
    campos, imagen = api._multipart_simple(_peticion(cuerpo))
    assert imagen == datos and campos["clave_acta"] == ACTA and campos["sha256"] == "ab"


@pytest.mark.parametrize(
    "cuerpo",
    [
        b"",
        b"--LIMITE\r\n",
        _cuerpo([("clave_acta", None, b"x")]),  # no file
        _cuerpo([("imagen", None, b"x")]),  # the image as a text field
        _cuerpo([("imagen", "a", b"x"), ("imagen", "b", b"y")]),  # two files
        _cuerpo([("imagen", "a", b"x"), ("clave_acta", None, b"\xff")]),  # not UTF-8
        _cuerpo([("imagen", "a", b"x")]).replace(b"Content-Type", b"Content-Transfer-Encoding"),
        _cuerpo([("imagen", "a", b"x")])[:-4],  # truncated closing delimiter
        _cuerpo([("imagen", "a", b"x")]) + b"basura",
    ],
)
def test_multipart_inusual_lo_decide_django(cuerpo):
    assert api._multipart_simple(_peticion(cuerpo)) is None


_nombres = st.sampled_from(["imagen", "clave_acta", "sha256", "capturado_en", "otro"])


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    partes=st.lists(
        st.tuples(
            _nombres,
            st.one_of(st.none(), st.sampled_from(["acta.jpg", "f"])),
            st.one_of(
                st.binary(max_size=300),
                st.text(max_size=40).map(lambda t: t.encode()),
                st.sampled_from([b"\r\n--LIMITE", b"--LIMITE--", b"\r\n\r\n", b""]),
            ),
        ),
        max_size=5,
    ),
    limite=st.sampled_from(["LIMITE", "a'b(c)", "x" * 70]),
)
def test_multipart_simple_coincide_con_django(partes, limite):
    """Whenever the simple reader answers, Django's parser reads the same fields and file."""
    cuerpo = _cuerpo(partes, limite)
    simple = api._multipart_simple(_peticion(cuerpo, limite))
    if simple is None:
        return
    campos, imagen = simple
    req = _peticion(cuerpo, limite)
    assert req.FILES["imagen"].read() == imagen
    for nombre, valor in campos.items():
        if nombre != "imagen":
            assert req.POST[nombre] == valor


@pytest.fixture
def cache(settings):
    settings.OPLE_API_CACHE_S = 30
    dispositivos.olvidar_sesiones()
    api._CATALOGO.olvidar()
    intake._ABIERTOS.clear()
    yield
    dispositivos.olvidar_sesiones()
    api._CATALOGO.olvidar()
    intake._ABIERTOS.clear()


@pytest.mark.django_db
def test_la_segunda_subida_no_consulta_dispositivo_acta_ni_ceros(cat, cache):  # noqa: F811
    cliente = Client()
    token = enrolar(cliente, cat)["token"]
    assert subir(cliente, token, jpeg(1)).status_code == 201
    with CaptureQueriesContext(connection) as consultas:
        assert subir(cliente, token, jpeg(2)).status_code == 201
    sql = [q["sql"] for q in consultas.captured_queries]
    for tabla in ("prep_actaesperada", "prep_puestaenceros", "prep_dispositivo_casillas"):
        assert not [q for q in sql if f'FROM "{tabla}"' in q], tabla
    # Of the device, only whether it is still active (a revocation bites at once).
    assert [q for q in sql if 'FROM "prep_dispositivo"' in q] == [
        f'SELECT activo FROM "prep_dispositivo" WHERE id = {Dispositivo.objects.get().pk}'
    ]
    # Still refused: an acta of a casilla not bound to the device, an unknown token.
    r = subir(cliente, token, jpeg(3), clave="010393B010002")
    assert r.status_code == 403 and codigo_error(r) == "casilla_no_asignada"
    r = subir(cliente, "otro-token", jpeg(3))
    assert r.status_code == 401
    assert Digitalizacion.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_revocar_se_aplica_a_la_siguiente_subida_y_las_casillas_expiran(cat, cache, monkeypatch):  # noqa: F811
    cliente = Client()
    token = enrolar(cliente, cat)["token"]
    assert subir(cliente, token, jpeg(1)).status_code == 201
    disp = Dispositivo.objects.get()
    sup = User.objects.get(username="supervisora")  # created by enrolar()
    dispositivos.revocar_dispositivo(supervisor=sup, dispositivo=disp, motivo="x")
    r = subir(cliente, token, jpeg(2))
    assert r.status_code == 401 and codigo_error(r) == "no_autenticado"
    # A change made behind the service's back is seen once the remembered entry expires.
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=sup,
        etiqueta="CAE 2",
        casillas=[cat.casillas[CASILLA]],
        vigencia=timedelta(hours=1),
    )
    token2 = dispositivos.enrolar_dispositivo(codigo=codigo, nombre="CAE 2").token
    assert subir(cliente, token2, jpeg(3)).status_code == 201
    # A change of its casillas is seen once the remembered entry expires.
    disp2 = Dispositivo.objects.get(activo=True)
    disp2.casillas.clear()
    assert subir(cliente, token2, jpeg(4)).status_code == 201  # still remembered
    reloj = dispositivos.time.monotonic() + 31
    monkeypatch.setattr(dispositivos.time, "monotonic", lambda: reloj)
    r = subir(cliente, token2, jpeg(5))
    assert r.status_code == 403 and codigo_error(r) == "casilla_no_asignada"


@pytest.mark.django_db
def test_catalogo_en_memoria_y_claves_nuevas(cat, cache):  # noqa: F811
    cliente = Client()
    token = enrolar(cliente, cat)["token"]
    assert subir(cliente, token, jpeg(1)).status_code == 201
    assert ACTA in api._CATALOGO._filas  # the whole catalog was read in one query
    acta = api._acta(ACTA)
    assert acta.clave == ACTA and acta.eleccion.proceso_id == cat.proceso.pk
    assert acta.casilla_id == cat.casillas[CASILLA].pk
    # A clave missing from the map (an acta added after it was read) is looked up directly.
    del api._CATALOGO._filas[ACTA]
    r = subir(cliente, token, jpeg(2))
    assert r.status_code == 201 and r.json()["version"] == 2
    assert api._acta("NO-EXISTE") is None
