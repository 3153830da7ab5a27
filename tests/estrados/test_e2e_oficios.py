"""End to end in headless Chromium (issue 23, Must show): an oficio arrives, gets its folio, is
turned to two areas, one answers, the folio shows its whole history; an act is notified to a
party's representative, the e-mail reaches the test's SMTP server, the representative opens it
and downloads the acuse, `ople documentos verificar` confirms it offline; the same act is
on the public estrados."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

import pytest
from django_otp.oath import TOTP

from ople.core import services as core_services
from ople.core.testing import make_user
from ople.estrados.services import notificaciones as notif
from ople.oficialia.services.documentos import asegurar_areas
from ople.publicacion import manifiesto
from tests.core.externos import PASSWORD, partidos, representante
from tests.servidor_ople import PYTHONPATH_DEL_ARBOL

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _entrar(browser, base, usuario, totp=False):
    ctx = browser.new_context(
        locale="es-MX", timezone_id="America/Mexico_City", accept_downloads=True
    )
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(usuario)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    if totp:
        page.wait_for_url(re.compile(r".*/cuenta/segundo-factor/.*"))
        code = f"{TOTP(base64.b32decode(SECRET)).token():06d}"
        page.get_by_label("Código de 6 dígitos").fill(code)
        page.get_by_role("button", name="Verificar").click()
    page.wait_for_load_state()
    return ctx, page


def test_oficio_turnado_respondido_y_notificacion_con_acuse(
    live_server, browser, smtp, clave_instituto, tmp_path, screenshot_dir
):
    base = live_server.url
    asegurar_areas()  # a previous transactional test's flush removes migration data
    make_user("partes", "oficialia_partes")
    make_user("area_ci", "oficialia_area")
    make_user("notif", "notificador")
    partidos()
    rep = representante("rep_pan", "PAN")
    core_services.set_totp_secret(user=rep, secret_base32=SECRET)
    notif.registrar_destinatario(
        clave="PAN-CG",
        nombre="Representación del PAN ante el CG",
        tipo="representante",
        partido="PAN",
        actor=None,
    )

    # 1. Oficialía de partes registers an incoming oficio and turns it to two areas.
    ctx, page = _entrar(browser, base, "partes")
    page.goto(base + "/oficialia/nuevo/")
    page.get_by_label("Remitente").fill("Dirección de Administración")
    page.get_by_label("Destinatario").fill("Comisión de Tecnologías e Innovación")
    page.get_by_label("Asunto").fill("Requerimientos de equipo para sesiones híbridas")
    page.get_by_label("Documento (PDF)").set_input_files(
        files=[{"name": "oficio.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    page.get_by_role("button", name="Registrar y asignar folio").click()
    folio = page.locator("h1 .folio").inner_text()
    assert re.fullmatch(r"IEE/OP/001/\d{4}", folio)
    url_oficio = page.url
    page.get_by_label("CI — Coordinación de Informática").check()
    page.get_by_label("DA — Dirección de Administración").check()
    page.get_by_label("Instrucciones").fill("Atender y responder")
    page.get_by_label("Vence").fill("2099-12-31")
    page.get_by_role("button", name="Turnar").click()
    assert page.locator("#estado").inner_text() == "Turnado"
    ctx.close()

    # 2. Informática answers its turno.
    ctx, page = _entrar(browser, base, "area_ci")
    page.goto(url_oficio)
    page.get_by_label("Asunto de la respuesta").first.fill("Se remite la cotización")
    page.get_by_role("button", name="Responder (CI)").click()
    historial = page.locator("#historial").inner_text()
    assert "Recibido con folio " + folio in historial
    assert "Turnado a Coordinación de Informática" in historial
    assert "Turnado a Dirección de Administración" in historial
    assert re.search(
        r"Coordinación de Informática respondió con IEE/CI/001/\d{4} \(en tiempo\)", historial
    )
    assert page.locator("#estado").inner_text() == "En atención"  # DA is pending
    page.screenshot(path=str(screenshot_dir / "oficialia-historial.png"), full_page=True)
    ctx.close()

    # 3. The representative opts in (with TOTP) to electronic notices.
    ctx_rep, rep_page = _entrar(browser, base, "rep_pan", totp=True)
    rep_page.goto(base + "/notificaciones/")
    rep_page.get_by_label("Correo para los avisos").fill("rep.pan@example.org")
    rep_page.get_by_role("button", name="Acepto notificaciones electrónicas").click()
    assert "Aceptó recibir" in rep_page.locator("main").inner_text()

    # 4. The Secretaría fixes an acuerdo on the estrados and notifies it to PAN.
    ctx, page = _entrar(browser, base, "notif")
    page.goto(base + "/notificaciones/oficina/")
    page.get_by_label("Expediente o acuerdo").fill("CG-A-60/22")
    page.get_by_label("Título").fill("Acuerdo por el que se aprueba el calendario electoral")
    page.get_by_label("Texto").fill("Se aprueba el calendario del proceso electoral local.")
    page.get_by_role("button", name="Fijar en estrados").click()
    acto = re.search(r"folio (IEE/DJ/\d{3}/\d{4})", page.locator(".mensajes").inner_text())[1]
    page.get_by_role("button", name="Notificar").first.click()
    assert "Electrónica" in page.locator(".mensajes").inner_text()
    ctx.close()

    # 5. The e-mail notice reached the SMTP server; the representative follows it and opens it.
    ((_, destinos, correo),) = smtp.recibidos
    assert destinos == ["rep.pan@example.org"]
    enlace = re.search(r"(http://\S+/notificaciones/\d+/)", correo.get_content())[1]
    rep_page.goto(enlace)
    assert rep_page.locator("#abierta").inner_text() == "No"
    rep_page.get_by_role("button", name="Abrir la notificación").click()
    assert rep_page.locator("#abierta").inner_text() != "No"
    assert "ople documentos verificar ARCHIVO" in rep_page.locator("main").inner_text()
    rep_page.screenshot(path=str(screenshot_dir / "notificacion-abierta.png"), full_page=True)
    with rep_page.expect_download() as descarga:
        rep_page.locator("#acuse").click()
    archivo = tmp_path / "acuse.json"
    descarga.value.save_as(archivo)
    ctx_rep.close()

    # 6. Offline verification with the institute's public key, as a citizen would run it.
    pem = tmp_path / "iee.pem"
    pem.write_bytes(manifiesto.pem_publica(clave_instituto))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "ople.cli",
            "documentos",
            "verificar",  # the name; the same command as verificar-acuse
            str(archivo),
            "--clave-publica",
            str(pem),
        ],
        env={"PYTHONPATH": PYTHONPATH_DEL_ARBOL, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "es válido" in r.stdout and "Abierta por primera vez" in r.stdout

    # 7. The same act is on the public estrados (no account), and a PRI representative's
    # inbox does not show it.
    anon = browser.new_context(locale="es-MX")
    pub = anon.new_page()
    pub.goto(base + "/estrados/")
    assert acto in pub.locator("main").inner_text()
    pub.get_by_role("link", name="Acuerdos").click()
    pub.get_by_role("link", name=acto).click()
    assert "CG-A-60/22" in pub.locator("main").inner_text()
    pub.goto(base + "/estrados/")
    pub.screenshot(path=str(screenshot_dir / "estrados-publicos.png"), full_page=True)
    # On a phone nothing is wider than the screen: the table's rows are cards, hashes wrap.
    pub.set_viewport_size({"width": 390, "height": 844})
    for enlace in (None, acto):
        if enlace:
            pub.get_by_role("link", name=enlace).first.click()
        ancho = pub.evaluate("document.documentElement.scrollWidth")
        assert ancho <= 390, (pub.url, ancho)
    pub.screenshot(path=str(tmp_path / "estrados-publicacion-390.png"), full_page=True)
    anon.close()
