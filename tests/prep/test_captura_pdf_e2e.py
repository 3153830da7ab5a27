"""A PDF acta is shown inside the capture and the supervision pages (headless Chromium): the
page's Content-Security-Policy allows the embedded object from this origin and the image's answer
allows being framed by this origin (it was refused with X-Frame-Options DENY before)."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from PIL import Image as PILImage

from ople.core import roles
from ople.prep import storage
from ople.prep.models import Digitalizacion, EstadoActa, Imagen
from tests.prep import datos_captura as dc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-de-prueba-e2e-1"
VISOR_PDF = "chrome-extension://"  # Chromium's PDF viewer, in a frame of the <object>


def _pdf_del_acta(clave: str) -> bytes:
    buf = io.BytesIO()
    PILImage.open(io.BytesIO(dc.png_acta(clave))).convert("RGB").save(buf, format="PDF")
    return buf.getvalue()


def _digitalizar_pdf(acta) -> Imagen:
    datos = _pdf_del_acta(acta.clave)
    sha, ruta = storage.guardar(datos, extension="pdf")
    img = Imagen.objects.create(
        sha256=sha, ruta=ruta, tipo_mime="application/pdf", tamano=len(datos), ancho=600, alto=800
    )
    Digitalizacion.objects.create(
        acta=acta,
        version=1,
        imagen=img,
        origen="CATD",
        medio="ESCANER",
        recibido_en=timezone.now(),
        clave_leida=acta.clave,
        identificacion="CLAVE",
    )
    EstadoActa.objects.filter(acta=acta).update(
        estado=EstadoActa.Estado.DIGITALIZADA, llegada=timezone.now()
    )
    return img


def test_el_acta_en_pdf_se_ve_en_la_captura(live_server, page, screenshot_dir):
    cat = dc.catalogo(n_actas=1, imagenes=False)
    img = _digitalizar_pdf(cat.actas[0])
    dc.usuario("op1", roles.CAPTURA, password=PASSWORD)
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
