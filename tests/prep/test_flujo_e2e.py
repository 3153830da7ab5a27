"""End to end in headless Chromium: CATD scan → two blind captures that disagree → supervisor
(TOTP) resolves against the image with a reason → the acta is verified."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ople.prep import roles as prep_roles
from ople.prep.models import Digitalizacion, EstadoActa, PuestaEnCeros, Verificacion
from tests.prep import datos_captura as dc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-e2e-1"


def _entrar(page, base, usuario):
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(usuario)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def _capturar(page, base, valores):
    page.goto(base + "/prep/captura/")
    campos = page.locator("input.campo")
    assert campos.count() == len(dc.COLUMNAS) + 5
    campos.first.focus()
    for i in range(campos.count()):
        clave = campos.nth(i).get_attribute("data-clave")
        v = valores[clave]
        tecla = {"ILEGIBLE": "i", "SIN DATO": "s"}.get(v, str(v))
        page.keyboard.type(tecla)
        if i == campos.count() - 1:
            with page.expect_navigation():
                page.keyboard.press("Enter")
        else:
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.dataset.clave") == campos.nth(
                i + 1
            ).get_attribute("data-clave")


def test_flujo_catd_captura_conflicto_supervision(live_server, browser, page, screenshot_dir):
    cat = dc.catalogo(n_actas=2, imagenes=False)
    acta = cat.actas[0]
    PuestaEnCeros.objects.create(
        creado=timezone.now(),
        proceso=cat.proceso,
        huella_codigo="0" * 64,
        huella_perfil="0" * 64,
        huella_catalogo="0" * 64,
        reporte={},
    )
    dc.usuario("catd", prep_roles.ACOPIO, prep_roles.DIGITALIZACION, password=PASSWORD)
    dc.usuario("op1", prep_roles.CAPTURA, password=PASSWORD)
    dc.usuario("op2", prep_roles.CAPTURA, password=PASSWORD)
    jefa = dc.usuario("jefa", prep_roles.SUPERVISION, password=PASSWORD)
    dispositivo = TOTPDevice.objects.create(user=jefa, name="autenticador", confirmed=True)
    base = live_server.url

    # 1. CATD: upload the scan, identified by its typed clave.
    _entrar(page, base, "catd")
    page.goto(base + "/prep/catd/")
    page.set_input_files(
        "#archivos",
        files=[{"name": "acta.png", "mimeType": "image/png", "buffer": dc.png_acta(acta.clave)}],
    )
    page.fill("#clave", acta.clave)
    page.get_by_role("button", name="Subir").click()
    page.wait_for_selector("#resultados")
    assert "Recibido" in page.locator("#resultados").inner_text()
    dig = Digitalizacion.objects.get(acta=acta)
    assert EstadoActa.objects.get(acta=acta).estado == EstadoActa.Estado.DIGITALIZADA

    # 2. Two blind captures by two people that disagree on PAN (and use the I/S keys).
    ctx1 = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 768})
    p1 = ctx1.new_page()
    _entrar(p1, base, "op1")
    p1.goto(base + "/prep/captura/")
    assert p1.locator("#imagen").evaluate("img => img.complete && img.naturalWidth") == 600
    p1.get_by_role("button", name="Girar").click()
    p1.get_by_role("button", name="Restablecer").click()
    # The page fits the laptop screen: no vertical scroll of the document.
    assert p1.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    v1 = dc.valores({"PRI": "ILEGIBLE", "NULOS": "SIN DATO"})
    campos = p1.locator("input.campo")
    campos.first.focus()
    p1.keyboard.type("300")
    p1.screenshot(path=str(screenshot_dir / "prep-captura.png"))
    _capturar(p1, base, v1)
    assert "capturada" in p1.locator(".mensajes").inner_text()

    ctx2 = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 768})
    p2 = ctx2.new_page()
    _entrar(p2, base, "op2")
    p2.goto(base + "/prep/captura/")
    # Blind: the second operator's page shows no value typed by the first.
    assert all(
        v == "" for v in p2.locator("input.campo").evaluate_all("els => els.map(e => e.value)")
    )
    _capturar(p2, base, {**v1, "PAN": 10})
    assert EstadoActa.objects.get(acta=acta).estado == EstadoActa.Estado.CONFLICTO

    # 3. The supervisor logs in with TOTP and resolves against the image, with a reason.
    _entrar(page, base, "jefa")
    page.wait_for_url("**/cuenta/segundo-factor/**")
    page.get_by_label("Código de 6 dígitos").fill(f"{TOTP(dispositivo.bin_key).token():06d}")
    page.get_by_role("button", name="Verificar").click()
    page.goto(base + "/prep/supervision/conflictos/")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("link", name=f"Resolver {acta.clave}").click()
    assert page.locator("tr.distinto").count() == 1  # only PAN differs
    # At 1366 px the decision column fits beside the image: nothing clipped, no sideways scroll.
    campos = page.locator("section.campos")
    assert campos.evaluate("e => e.scrollWidth <= e.clientWidth")
    caja, seccion = page.locator("#c_PAN").bounding_box(), campos.bounding_box()
    assert caja["x"] + caja["width"] <= seccion["x"] + seccion["width"]
    page.screenshot(path=str(screenshot_dir / "prep-supervision-decidir.png"))
    for clave, v in v1.items():
        page.fill(f"#c_{clave}", str(v))
    page.fill("#motivo", "ok")
    page.get_by_role("button", name="Resolver conforme a la imagen").click()
    assert "motivo" in page.locator("[role=alert]").inner_text()  # a real reason is required
    assert page.input_value("#c_PAN") == "100"  # what was typed is kept
    page.fill("#motivo", "La imagen muestra 100 votos para PAN, escritos con letra y número.")
    page.get_by_role("button", name="Resolver conforme a la imagen").click()
    page.wait_for_url("**/supervision/conflictos/")
    assert "verificada" in page.locator(".mensajes").inner_text()

    ver = Verificacion.objects.get(acta=acta)
    assert ver.metodo == Verificacion.Metodo.SUPERVISION and ver.valores["PAN"] == 100
    assert ver.valores["PRI"] == "ILEGIBLE" and ver.observaciones == ["ILEGIBLE", "SIN_DATO"]
    assert ver.digitalizacion == dig and ver.usuario == jefa
    assert EstadoActa.objects.get(acta=acta).estado == EstadoActa.Estado.VERIFICADA

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(base + "/prep/supervision/")
    total = page.locator("tr.total td.num").all_inner_texts()
    assert total == ["2", "0", "1", "1", "1", "1", "0"]
    page.screenshot(path=str(screenshot_dir / "prep-supervision-tablero.png"), full_page=True)
    ctx1.close()
    ctx2.close()
