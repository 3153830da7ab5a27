"""Log in through headless Chromium: a capture operator, then a supervisor enrolling TOTP."""

import base64

import pytest
from django_otp.oath import TOTP

from ople.core.testing import make_user
from ople.prep import roles as prep_roles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-1"


def _login(page, base, username):
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def test_captura_then_supervision_with_totp_enrolment(live_server, page, screenshot_dir):
    make_user("captura1", prep_roles.CAPTURA)
    make_user("supervision", prep_roles.SUPERVISION)
    base = live_server.url

    _login(page, base, "captura1")
    page.wait_for_url(base + "/oficina/")
    assert page.get_by_role("link", name="Captura y verificación").get_attribute("href") == (
        "/prep/captura/"
    )
    assert page.get_by_role("link", name="Supervisión y coordinación").count() == 0
    page.get_by_role("button", name="Salir (captura1)").click()
    page.wait_for_url(base + "/cuenta/entrar/")

    _login(page, base, "supervision")
    page.wait_for_url(base + "/cuenta/segundo-factor/")
    assert page.locator("h1").inner_text() == "Configure su autenticador"
    assert page.locator("figure.qr svg").count() == 1
    page.screenshot(path=str(screenshot_dir / "core-enrolar-totp.png"), full_page=True)
    # The QR code as rendered by Chromium decodes (zxing-cpp) to the otpauth URI with the secret.
    import io

    import zxingcpp
    from PIL import Image

    png = page.locator("figure.qr svg").screenshot()
    # Only QR symbols: with every format, a QR's modules were once also read as a short 1D code.
    qr = zxingcpp.BarcodeFormat.QRCode
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)), formats=qr)]
    secret = page.locator("#secreto").inner_text().replace(" ", "")
    assert len(decoded) == 1 and decoded[0].startswith("otpauth://totp/ople%3Asupervision?")
    assert f"secret={secret}" in decoded[0]
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    page.get_by_label("Código de 6 dígitos").fill(code)
    page.get_by_role("button", name="Confirmar autenticador").click()
    page.wait_for_url(base + "/oficina/")
    assert page.get_by_role("link", name="Supervisión y coordinación").get_attribute("href") == (
        "/prep/supervision/"
    )
