"""CATD page: every scan passes the intake's bounded image check before its QR is read, and
the QR is read from a bounded grayscale copy."""

from __future__ import annotations

import io
import time

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from ople.prep import qr
from ople.prep import roles as prep_roles
from ople.prep.models import Digitalizacion, Imagen
from tests.prep.datos_intake import (
    bomba_png,
    catalogo_con_actas,
    foto_movil,
    pdf_con_javascript,
    usuario,
)

pytestmark = pytest.mark.django_db

CLAVE = "010393C020002"


def _subir(client, *archivos: tuple[str, bytes]):
    client.force_login(usuario("catd", prep_roles.ACOPIO, prep_roles.DIGITALIZACION))
    return client.post(
        "/prep/catd/",
        {
            "accion": "digitalizar",
            "clave": "",
            "archivos": [SimpleUploadedFile(n, d) for n, d in archivos],
        },
    )


def _con_qr(ancho: int, alto: int, *, escala: int) -> bytes:
    """A JPEG page of ancho × alto with the acta's QR in a corner, `escala` pixels a module."""
    pagina = Image.new("L", (ancho, alto), 235)
    buf = io.BytesIO()
    segno.make(CLAVE, error="m").save(buf, kind="png", scale=escala, border=4)
    pagina.paste(Image.open(io.BytesIO(buf.getvalue())).convert("L"), (ancho // 20, alto // 20))
    out = io.BytesIO()
    pagina.save(out, format="JPEG", quality=85)
    return out.getvalue()


class _Decodificados:
    """Spy on Pillow's decoding: the size of every image whose pixels are loaded."""

    def __init__(self, monkeypatch) -> None:
        self.tamanos: list[tuple[int, int]] = []
        original = ImageFile.ImageFile.load

        def load(img):
            if img.tile:  # something left to decode
                self.tamanos.append(img.size)
            return original(img)

        monkeypatch.setattr(ImageFile.ImageFile, "load", load)

    @property
    def pixeles(self) -> int:
        return sum(a * b for a, b in self.tamanos)


def test_png_de_56_megapixeles_se_rechaza_antes_de_leer_su_qr(client, monkeypatch):
    catalogo_con_actas()
    bomba = bomba_png(7483)  # 55 KB that inflate to 56 MP
    leidas = []
    monkeypatch.setattr(  # raising=False: the same test runs against the code before it
        qr,
        "imagen_para_leer",
        lambda d: leidas.append(d) or Image.new("L", (1, 1)),
        raising=False,
    )
    decodificados = _Decodificados(monkeypatch)
    inicio = time.process_time()
    resp = _subir(client, ("bomba.png", bomba))
    cpu = time.process_time() - inicio
    assert resp.status_code == 200
    assert "posible bomba" in resp.content.decode()
    assert leidas == []  # its QR was never read
    assert decodificados.pixeles < 1_000_000  # none of its 56 MP was decoded
    assert cpu < 1.0  # it was 2-4 s of CPU (the QR reading of the whole image)
    assert not Imagen.objects.exists() and not Digitalizacion.objects.exists()


def test_pdf_y_jpeg_cortado_se_rechazan_en_la_pagina(client):
    catalogo_con_actas()
    foto = foto_movil(1)
    resp = _subir(client, ("acta.pdf", pdf_con_javascript()), ("corta.jpg", foto[: len(foto) // 3]))
    html = resp.content.decode()
    assert "No se aceptan documentos PDF" in html
    assert "incompleta" in html
    assert not Imagen.objects.exists()


def test_qr_leido_de_una_copia_reducida(client, monkeypatch):
    catalogo_con_actas()
    grande = _con_qr(6000, 4000, escala=24)  # a 24 MP photo of the acta
    decodificados = _Decodificados(monkeypatch)
    resp = _subir(client, ("grande.jpg", grande))
    assert resp.status_code == 200
    dig = Digitalizacion.objects.get()
    assert (dig.acta.clave, dig.identificacion) == (CLAVE, "QR")
    # the check decodes at 1/8 (750 × 500), the QR reading at 1/2 (3000 × 2000): never 24 MP
    assert sorted(decodificados.tamanos) == [(750, 500), (3000, 2000)]


def test_imagen_para_leer_acotada_en_una_imagen_alargada(monkeypatch):
    alargada = _con_qr(20000, 2400, escala=30)  # 48 MP, within the caps
    decodificados = _Decodificados(monkeypatch)
    gris = qr.imagen_para_leer(alargada)
    assert decodificados.tamanos == [(2500, 300)]  # 1/8 of it, not 48 MP
    assert max(gris.size) <= qr.LADO_LECTURA and gris.mode == "L"
