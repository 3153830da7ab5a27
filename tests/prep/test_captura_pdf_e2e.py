"""A PDF acta is shown inside the capture page (headless Chromium): the page's
Content-Security-Policy allows the embedded object from this origin and the image's answer allows
being framed by this origin (it was refused with X-Frame-Options DENY before). The supervision
page renders the same way (`render_acta`; its headers: tests/prep/test_supervision.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ople.prep import roles as prep_roles
from tests.prep import datos_captura as dc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-e2e-1"
VISOR_PDF = "chrome-extension://"  # Chromium's PDF viewer, in a frame of the <object>


def test_el_acta_en_pdf_se_ve_en_la_captura(live_server, page, screenshot_dir):
    cat = dc.catalogo(n_actas=1, imagenes=False)
    img = dc.digitalizar(cat.actas[0], llegada=timezone.now(), pdf=True).imagen
    dc.usuario("op1", prep_roles.CAPTURA, password=PASSWORD)
    base = live_server.url
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("op1")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(base + "/oficina/")
    with page.expect_response(lambda r: img.sha256 in r.url) as respuesta:
        page.goto(base + "/prep/captura/")
    assert respuesta.value.status == 200
    assert respuesta.value.headers["content-type"] == "application/pdf"
    objeto = page.locator("object.pdf")
    assert objeto.count() == 1
    # the viewer's frame appears inside the object (before: the fallback link, nothing framed)
    for _ in range(50):
        if any(f.url.startswith(VISOR_PDF) for f in page.frames):
            break
        page.wait_for_timeout(100)
    assert any(f.url.startswith(VISOR_PDF) for f in page.frames), [f.url for f in page.frames]
    assert objeto.bounding_box()["height"] > 200
    page.screenshot(path=str(screenshot_dir / "prep-captura-pdf.png"))
