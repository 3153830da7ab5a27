"""CATD page in headless Chromium: acopio stamp, a batch of scans identified by QR, by typed
clave, fuera de catálogo and a refused file; device enrolment codes page."""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ople.prep import roles as prep_roles
from ople.prep.models import Acopio, CodigoEnrolamiento, Digitalizacion
from tests.prep.datos_intake import catalogo_con_actas, jpeg, usuario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-catd-1"


def _entrar(page, base, nombre):
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(nombre)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def test_catd_acopio_y_lote(live_server, page, screenshot_dir):
    catalogo_con_actas()
    usuario("catd", prep_roles.ACOPIO, prep_roles.DIGITALIZACION, password=PASSWORD)
    base = live_server.url
    _entrar(page, base, "catd")
    page.goto(base + "/prep/catd/")

    # Acopio: the clave typed (or scanned by a barcode reader, which types it and Enter).
    page.fill("#clave_acopio", "010393C010002")
    page.keyboard.press("Enter")
    page.wait_for_selector("#acopio-resultado")
    assert "FECHA_HORA_ACOPIO" in page.locator("#acopio-resultado").inner_text()
    page.fill("#clave_acopio", "010393C010002")
    page.get_by_role("button", name="Registrar acopio").click()
    page.wait_for_selector("#acopio-resultado")
    assert "esa hora se conserva" in page.locator("#acopio-resultado").inner_text()
    assert Acopio.objects.count() == 2

    # A batch: one acta with its QR, one without a QR (takes the typed clave), a refused file.
    page.set_input_files(
        "#archivos",
        files=[
            {
                "name": "con-qr.jpg",
                "mimeType": "image/jpeg",
                "buffer": jpeg(1, ancho=900, alto=1200, qr="010393B010002"),
            },
            {"name": "sin-qr.jpg", "mimeType": "image/jpeg", "buffer": jpeg(2)},
            {"name": "animacion.gif", "mimeType": "image/gif", "buffer": b"GIF89a" + b"\0" * 99},
        ],
    )
    page.fill("#clave", "010393B010004")
    page.get_by_role("button", name="Subir").click()
    page.wait_for_selector("#resultados")
    filas = page.locator("#resultados tbody tr")
    assert filas.count() == 3
    uno, dos, tres = (filas.nth(i).inner_text() for i in range(3))
    assert "010393B010002" in uno and "código QR" in uno and "Recibido" in uno
    assert "010393B010004" in dos and "clave tecleada" in dos
    assert "Rechazado" in tres and "JPEG o PNG" in tres
    page.screenshot(path=str(screenshot_dir / "prep-catd.png"), full_page=True)

    # No QR and no clave: registered fuera de catálogo.
    page.set_input_files(
        "#archivos", files=[{"name": "x.jpg", "mimeType": "image/jpeg", "buffer": jpeg(3)}]
    )
    page.get_by_role("button", name="Subir").click()
    page.wait_for_selector("#resultados")
    assert "fuera de catálogo" in page.locator("#resultados").inner_text()

    digs = {d.clave_leida or "": d for d in Digitalizacion.objects.select_related("acta")}
    assert digs["010393B010002"].identificacion == "QR" and digs["010393B010002"].origen == "CATD"
    assert digs["010393B010004"].identificacion == "CLAVE"
    assert digs[""].fuera_catalogo and digs[""].acta is None
    assert Digitalizacion.objects.count() == 3


def test_pagina_de_dispositivos(live_server, page):
    catalogo_con_actas()
    jefe = usuario("jefe", prep_roles.COORDINACION, password=PASSWORD)
    totp = TOTPDevice.objects.create(user=jefe, name="autenticador", confirmed=True)
    base = live_server.url
    _entrar(page, base, "jefe")
    page.wait_for_url("**/cuenta/segundo-factor/**")
    # Without the second factor the enrolment page sends the user back to it.
    page.goto(base + "/prep/dispositivos/")
    assert "/cuenta/segundo-factor/" in page.url
    page.get_by_label("Código de 6 dígitos").fill(f"{TOTP(totp.bin_key).token():06d}")
    page.get_by_role("button", name="Verificar").click()
    page.goto(base + "/prep/dispositivos/")
    page.fill("#etiqueta", "CAE 12")
    page.fill("#casillas", "010393C0200, 010393B0100")
    page.get_by_role("button", name="Crear código").click()
    codigo = page.locator("#codigo").inner_text().strip()
    assert len(codigo) == 14 and codigo.count("-") == 2
    assert CodigoEnrolamiento.objects.get().casillas.count() == 2
    assert "CAE 12" in page.locator("body").inner_text()
