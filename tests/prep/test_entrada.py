"""What the PREP accepts: impossible photo dates, control characters and out-of-range numbers are
refused with a Spanish 4xx before anything is stored (issue 16, items 1 and 8)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client

from ople.core.models import AuditEvent
from ople.prep import entrada
from ople.prep import roles as prep_roles
from ople.prep.models import Asignacion, Digitalizacion, Imagen
from ople.prep.services import intake
from tests.prep.datos_intake import catalogo_con_actas, jpeg, sha, usuario
from tests.prep.test_api import ACTA, API, CASILLA, _archivo, enrolar
from tests.prep.test_api_wsgi import _llamar, _subida

FECHAS_IMPOSIBLES = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00")


def _archivos(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# --- pure rules -----------------------------------------------------------------------------


def test_caracter_prohibido():
    assert entrada.caracter_prohibido("010393C020002") is None
    assert entrada.caracter_prohibido("línea 1\r\nlínea 2\tfin ñ €") is None
    assert entrada.caracter_prohibido("0103\x0093") == "\x00"
    assert entrada.caracter_prohibido("a\x1bb") == "\x1b"
    assert entrada.caracter_prohibido("a\x7f") == "\x7f"
    assert entrada.caracter_prohibido("a\x85") == "\x85"
    assert entrada.describir("\x00") == "NUL, U+0000"
    assert "NUL, U+0000" in entrada.mensaje("\x00")


def test_entero():
    assert entrada.entero("12") == 12 and entrada.entero(" 7 ") == 7
    for texto in (None, "", "abc", "1.5", "1_000", "١٢", "²", "0", "-3", "9" * 19, "9" * 400):
        assert entrada.entero(texto) is None, texto
    assert entrada.entero("720", maximo=720) == 720 and entrada.entero("721", maximo=720) is None


# --- item 1: an impossible photo date stopped all capture (PostgreSQL) ----------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fecha", FECHAS_IMPOSIBLES)
def test_fecha_imposible_se_rechaza_y_la_captura_sigue(fecha, settings):
    """Through the server's WSGI application (the direct route) and the group commit, as in
    production: refused with 422 before the file or the row exist; the capture page works."""
    settings.OPLE_INTAKE_LOTE = True
    settings.OPLE_INTAKE_LOTE_COMPARTIDO = False
    try:
        cat = catalogo_con_actas()
        token = enrolar(Client(), cat)["token"]
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        estado, _, cuerpo = _llamar(
            None, "POST", f"{API}/actas", _subida(jpeg(1), fecha=fecha), **auth
        )
        assert estado == 422, cuerpo
        error = json.loads(cuerpo)["error"]
        assert error["codigo"] == "fecha_fuera_de_rango" and "capturado_en" in error["mensaje"]
        assert not Digitalizacion.objects.exists() and not Imagen.objects.exists()
        assert _archivos(settings) == []
        assert not AuditEvent.objects.filter(action="prep.intake").exists()

        # The same through Django's view (the full middleware stack).
        r = Client().post(
            f"{API}/actas",
            data={
                "imagen": _archivo(jpeg(1)),
                "clave_acta": ACTA,
                "sha256": sha(jpeg(1)),
                "capturado_en": fecha,
            },
            **auth,
        )
        assert r.status_code == 422 and r.json()["error"]["codigo"] == "fecha_fuera_de_rango"
        assert not Digitalizacion.objects.exists() and _archivos(settings) == []

        # A good upload of the same acta right after it is taken by a capture operator.
        ahora = datetime.now(UTC).isoformat()
        estado, _, cuerpo = _llamar(
            None, "POST", f"{API}/actas", _subida(jpeg(2), fecha=ahora), **auth
        )
        assert estado == 201, cuerpo
        operador = Client()
        operador.force_login(usuario("op1", prep_roles.CAPTURA))
        r = operador.get("/prep/captura/")
        assert r.status_code == 200 and ACTA in r.content.decode()
        assert Asignacion.objects.get().acta.clave == ACTA
    finally:
        intake.detener_confirmador()


@pytest.mark.django_db
def test_fecha_de_simulacro_y_de_la_jornada_se_aceptan(settings):
    cat = catalogo_con_actas()
    token = enrolar(Client(), cat)["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    hace_un_dia = (datetime.now(UTC) - timedelta(hours=24)).isoformat()
    for i, fecha in enumerate((hace_un_dia, "2024-06-02T21:10:00-06:00")):
        estado, _, cuerpo = _llamar(
            None, "POST", f"{API}/actas", _subida(jpeg(i), fecha=fecha), **auth
        )
        assert estado == 201, cuerpo
    assert Digitalizacion.objects.count() == 2


# --- item 8: 500s from malformed input ------------------------------------------------------


def _huella() -> tuple[int, ...]:
    """Rows a refused request must not have added."""
    from ople.prep.models import Acopio, CodigoEnrolamiento, SinActa

    return (
        AuditEvent.objects.count(),
        Digitalizacion.objects.count(),
        Imagen.objects.count(),
        CodigoEnrolamiento.objects.count(),
        Acopio.objects.count(),
        SinActa.objects.count(),
    )


def _es_rechazo_html(r) -> None:
    assert r.status_code == 400, r.status_code
    texto = r.content.decode()
    assert "carácter de control no permitido" in texto and "NUL, U+0000" in texto


@pytest.mark.django_db
def test_nul_en_la_clave_de_la_api(settings):
    cat = catalogo_con_actas()
    token = enrolar(Client(), cat)["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    antes = _huella()
    # The direct route (plain multipart) and Django's view (a body it parses itself).
    estado, _, cuerpo = _llamar(
        None, "POST", f"{API}/actas", _subida(jpeg(1), clave="0103\x0093C020002"), **auth
    )
    assert estado == 400 and json.loads(cuerpo)["error"]["codigo"] == "solicitud_invalida"
    assert "NUL" in json.loads(cuerpo)["error"]["mensaje"]
    r = Client().post(
        f"{API}/actas",
        data={"imagen": _archivo(jpeg(1)), "clave_acta": "\x00", "sha256": sha(jpeg(1))},
        **auth,
    )
    assert r.status_code == 400 and r.json()["error"]["codigo"] == "solicitud_invalida"
    r = Client().post(
        f"{API}/enrolamiento",
        data=json.dumps({"codigo": "ABCD\x00", "nombre": "Teléfono"}),
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["error"]["codigo"] == "solicitud_invalida"
    assert _huella() == antes and _archivos(settings) == []


def _catd() -> Client:
    cliente = Client()
    cliente.force_login(usuario("catd1", prep_roles.ACOPIO, prep_roles.DIGITALIZACION))
    return cliente


def _supervisor() -> Client:
    from ople.core.testing import login_verified

    cliente = Client()
    login_verified(cliente, usuario("sup1", prep_roles.SUPERVISION))
    return cliente


@pytest.mark.django_db
def test_nul_en_las_claves_de_catd_y_sin_acta(settings):
    catalogo_con_actas()
    antes = _huella()
    catd = _catd()
    _es_rechazo_html(catd.post("/prep/catd/", {"accion": "acopio", "clave_acopio": "0103\x00"}))
    _es_rechazo_html(
        catd.post(
            "/prep/catd/",
            {"accion": "digitalizar", "clave": "\x00", "archivos": [_archivo(jpeg(1))]},
        )
    )
    sup = _supervisor()
    _es_rechazo_html(
        sup.post(
            "/prep/supervision/sin-acta/",
            {"clave": "0103\x00", "causa": "SIN_ACTA_PAQUETE_NO_ENTREGADO", "motivo": "x"},
        )
    )
    _es_rechazo_html(sup.get("/prep/supervision/sin-acta/", {"clave": "\x00"}))
    assert _huella() == antes and _archivos(settings) == []


@pytest.mark.django_db
def test_nul_en_la_etiqueta_y_las_casillas_de_un_dispositivo():
    catalogo_con_actas()
    sup = _supervisor()
    antes = _huella()
    base = {"etiqueta": "CAE 1", "casillas": CASILLA, "vigencia_horas": "24"}
    _es_rechazo_html(sup.post("/prep/dispositivos/", {**base, "etiqueta": "CAE\x00"}))
    _es_rechazo_html(sup.post("/prep/dispositivos/", {**base, "casillas": f"{CASILLA}\x00"}))
    assert _huella() == antes


@pytest.mark.django_db
def test_vigencia_fuera_de_rango():
    cat = catalogo_con_actas()
    sup = _supervisor()
    antes = _huella()
    base = {"etiqueta": "CAE 1", "casillas": CASILLA, "vigencia_horas": "24"}
    for horas in ("100000000000", "9" * 40, "abc", "0", "721"):
        r = sup.post("/prep/dispositivos/", {**base, "vigencia_horas": horas})
        assert r.status_code == 200 and "30 días como máximo" in r.content.decode(), horas
    assert _huella() == antes
    r = sup.post("/prep/dispositivos/", base)
    assert r.status_code == 200 and r.context["codigo"]  # the same form, valid, still works
    assert cat.casillas[CASILLA] is not None


@pytest.mark.django_db
@pytest.mark.parametrize("ruta", ["/prep/cortes/%00", "/prep/imagenes/%00", "/prep/cortes/a%00b/"])
def test_nul_en_la_ruta_de_la_publicacion(ruta):
    _es_rechazo_html(Client().get(ruta))


@pytest.mark.django_db
def test_asignacion_que_no_es_un_numero():
    catalogo_con_actas()
    operador = Client()
    operador.force_login(usuario("op1", prep_roles.CAPTURA))
    for valor in ("abc", "9" * 30, "", "1.5"):
        r = operador.post("/prep/captura/liberar/", {"asignacion": valor})
        assert r.status_code == 302, valor
        r = operador.post("/prep/captura/", {"asignacion": valor})
        assert r.status_code == 302, valor
    r = operador.post("/prep/captura/liberar/", {"asignacion": "abc"}, follow=True)
    assert "falta la asignación" in r.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("fecha", FECHAS_IMPOSIBLES)
def test_iniciada_en_imposible_no_se_guarda(fecha):
    """The capture page's timing (the browser's clock): an impossible one is dropped, the
    capture is kept, and the capture's row reads back (on PostgreSQL year 9999 at -01:00 did
    not)."""
    from ople.prep.models import Captura
    from tests.prep import datos_captura as dc

    dc.catalogo(n_actas=1)
    operador = Client()
    operador.force_login(dc.usuario("op1", prep_roles.CAPTURA))
    assert operador.get("/prep/captura/").status_code == 200
    asignacion = Asignacion.objects.get()
    campos = {f"c_{k}": str(v) for k, v in dc.valores().items()}
    r = operador.post(
        "/prep/captura/", {"asignacion": asignacion.pk, "iniciada_en": fecha, **campos}
    )
    assert r.status_code == 302
    assert [c.iniciada_en for c in Captura.objects.all()] == [None]
    assert operador.get("/prep/captura/").status_code == 200


@pytest.mark.django_db
def test_numeros_fuera_de_rango_en_la_supervision():
    catalogo_con_actas()
    sup = _supervisor()
    for ruta in ("/prep/supervision/conflictos/", "/prep/supervision/correccion/"):
        assert sup.get(f"{ruta}{'9' * 25}/").status_code == 404
    for proceso in ("²", "9" * 25, "-1"):
        assert sup.get("/prep/supervision/", {"proceso": proceso}).status_code == 200
