"""Headless Chromium: a coordinator revokes a lost phone from the devices page (reached from the
supervision board); the phone's very next upload is refused, and the revocation is in the
audit log with who revoked it and why."""

from __future__ import annotations

import hashlib
import http.client
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ople.core import audit
from ople.core.models import AuditEvent
from ople.prep import api
from ople.prep import roles as prep_roles
from ople.prep.models import Digitalizacion, Dispositivo
from ople.prep.services import dispositivos, intake
from tests.prep.datos_intake import catalogo_con_actas, jpeg, supervisor, usuario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-revocar-1"
ACTA = "010393C020002"


def _subir(base: str, token: str, datos: bytes) -> tuple[int, bytes]:
    """An upload as the PREP Casilla app sends it, over HTTP to the live server."""
    limite = uuid.uuid4().hex
    campos = {"clave_acta": ACTA, "sha256": hashlib.sha256(datos).hexdigest()}
    cuerpo = b"".join(
        f'--{limite}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in campos.items()
    )
    cuerpo += (
        f'--{limite}\r\nContent-Disposition: form-data; name="imagen"; filename="a.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + datos
        + f"\r\n--{limite}--\r\n".encode()
    )
    url = urlsplit(base)
    c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        c.request(
            "POST",
            "/prep/api/v1/actas",
            body=cuerpo,
            headers={
                "Content-Type": f"multipart/form-data; boundary={limite}",
                "Authorization": f"Bearer {token}",
            },
        )
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


@pytest.fixture
def cache(settings):
    settings.OPLE_API_CACHE_S = 60  # the server remembers the token, as in production
    dispositivos.olvidar_sesiones()
    api._CATALOGO.olvidar()
    intake._ABIERTOS.clear()
    yield
    dispositivos.olvidar_sesiones()
    api._CATALOGO.olvidar()
    intake._ABIERTOS.clear()


def test_revocar_desde_la_pagina_rechaza_el_siguiente_envio(
    live_server, page, cache, screenshot_dir
):
    cat = catalogo_con_actas()
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=supervisor(),
        etiqueta="CAE 7",
        casillas=[cat.casillas["010393C0200"]],
        vigencia=timedelta(hours=2),
    )
    enrol = dispositivos.enrolar_dispositivo(codigo=codigo, nombre="Teléfono CAE 7")
    base = live_server.url
    assert _subir(base, enrol.token, jpeg(1))[0] == 201
    assert _subir(base, enrol.token, jpeg(2))[0] == 201  # the token is now remembered

    jefe = usuario("jefe", prep_roles.COORDINACION, password=PASSWORD)
    totp = TOTPDevice.objects.create(user=jefe, name="autenticador", confirmed=True)
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("jefe")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/cuenta/segundo-factor/**")
    page.get_by_label("Código de 6 dígitos").fill(f"{TOTP(totp.bin_key).token():06d}")
    page.get_by_role("button", name="Verificar").click()
    page.goto(base + "/prep/supervision/")
    page.get_by_role("link", name="Dispositivos").click()
    page.wait_for_url("**/prep/dispositivos/")

    fila = page.locator(f"#dispositivo-{enrol.dispositivo.pk}")
    assert "activo" in fila.inner_text()
    fila.get_by_label("Motivo").fill("teléfono robado en la casilla")
    page.screenshot(path=str(screenshot_dir / "prep-dispositivo-por-revocar.png"), full_page=True)
    fila.get_by_role("button", name="Revocar «Teléfono CAE 7»").click()
    page.wait_for_selector(".mensajes")
    assert "revocado: su siguiente envío será rechazado" in page.locator(".mensajes").inner_text()
    fila = page.locator(f"#dispositivo-{enrol.dispositivo.pk}")
    texto = fila.inner_text()
    assert "revocado" in texto and "por jefe: teléfono robado en la casilla" in texto
    assert fila.get_by_role("button").count() == 0
    page.screenshot(path=str(screenshot_dir / "prep-dispositivo-revocado.png"), full_page=True)

    estado, cuerpo = _subir(base, enrol.token, jpeg(3))
    assert estado == 401 and b"no_autenticado" in cuerpo
    assert Digitalizacion.objects.count() == 2

    (evento,) = AuditEvent.objects.filter(action="prep.dispositivo_revocado")
    assert evento.actor == jefe and evento.object_id == str(enrol.dispositivo.pk)
    assert evento.after == {
        "activo": False,
        "nombre": "Teléfono CAE 7",
        "motivo": "teléfono robado en la casilla",
    }
    assert audit.verify_log() is None  # and the chain still verifies
    assert not Dispositivo.objects.get(pk=enrol.dispositivo.pk).activo
