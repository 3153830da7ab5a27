"""A party's representative logs in through headless Chromium with TOTP and sees their party only."""

import pytest
from django_otp.oath import TOTP

from ople.core import services

from .externos import PASSWORD, partidos, representante

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_representative_with_totp_sees_own_party_not_another(live_server, page, screenshot_dir):
    import base64

    partidos()
    rep = representante("rep_pan", "PAN")
    representante("rep_pri", "PRI")
    services.set_totp_secret(user=rep, secret_base32=SECRET)
    base = live_server.url

    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("rep_pan")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(base + "/cuenta/segundo-factor/")
    # Before the second factor, the account page sends back to it.
    page.goto(base + "/cuenta/")
    page.wait_for_url(base + "/cuenta/segundo-factor/?next=%2Fcuenta%2F")
    code = f"{TOTP(base64.b32decode(SECRET)).token():06d}"
    page.get_by_label("Código de 6 dígitos").fill(code)
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_url(base + "/cuenta/")
    assert page.locator("h1").inner_text() == "Mi cuenta"
    filas = page.locator("table.ambitos tbody tr")
    assert filas.count() == 1
    assert filas.first.locator("td").nth(1).inner_text() == "PAN"
    assert "Partido Acción Nacional" in filas.first.inner_text()
    assert "PRI" not in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / "core-cuenta-representante.png"), full_page=True)
    # "Oficina" in the bar leads an outside user back to their account, not to staff tools.
    page.goto(base + "/oficina/")
    page.wait_for_url(base + "/cuenta/")
