"""The CATD page's batch of scans: the number it promises (OPLE_CATD_MAX_ARCHIVOS, 200) is what
Django accepts and the view processes; one file more gets a Spanish page that states the limit
and processes nothing (it was a bare English "Bad Request (400)", and 101 files were refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ople.prep import roles as prep_roles
from ople.prep.models import Digitalizacion
from tests.prep.datos_intake import catalogo_con_actas, jpeg, usuario

pytestmark = pytest.mark.django_db

ACTA = "010393B010002"


@pytest.fixture(scope="module")
def escaneos() -> list[bytes]:
    return [jpeg(i, ancho=64, alto=48) for i in range(201)]


@pytest.fixture
def catd():
    catalogo_con_actas()
    usuario("catd", prep_roles.DIGITALIZACION)
    cliente = Client(enforce_csrf_checks=True)  # the CSRF check reads the form: the real path
    cliente.login(username="catd", password="clave-segura-123")
    pagina = cliente.get("/prep/catd/")
    return cliente, pagina


def _lote(cliente: Client, datos: list[bytes], **extra):
    archivos = [SimpleUploadedFile(f"e{i}.jpg", d, "image/jpeg") for i, d in enumerate(datos)]
    return cliente.post(
        "/prep/catd/",
        {
            "csrfmiddlewaretoken": cliente.cookies["csrftoken"].value,
            "accion": "digitalizar",
            "clave": ACTA,
            "archivos": archivos,
        },
        **extra,
    )


def _imagenes(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_la_pagina_promete_el_limite_configurado(catd, settings):
    cliente, pagina = catd
    assert "hasta 200 archivos" in pagina.content.decode()
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == settings.OPLE_CATD_MAX_ARCHIVOS == 200
    settings.OPLE_CATD_MAX_ARCHIVOS = 150
    assert "hasta 150 archivos" in cliente.get("/prep/catd/").content.decode()


def test_un_lote_de_200_se_procesa_completo(catd, escaneos, settings):
    cliente, _ = catd
    r = _lote(cliente, escaneos[:200])
    assert r.status_code == 200
    cuerpo = r.content.decode()
    assert cuerpo.count('class="recibido"') == 200 and "Rechazado" not in cuerpo
    assert Digitalizacion.objects.filter(acta__clave=ACTA).count() == 200


def test_un_lote_de_201_se_rechaza_en_espanol_sin_procesar_nada(catd, escaneos, settings):
    cliente, _ = catd
    r = _lote(cliente, escaneos)
    assert r.status_code == 413
    cuerpo = r.content.decode()
    assert "el máximo es 200 por envío" in cuerpo and "No se procesó nada" in cuerpo
    assert '<html lang="es-MX">' in cuerpo
    assert Digitalizacion.objects.count() == 0 and _imagenes(settings) == []


def test_un_envio_mas_pesado_que_un_lote_completo_no_se_lee(catd, escaneos, settings):
    cliente, _ = catd
    settings.OPLE_MAX_REQUEST_BYTES = 1000  # here, what a full batch of the largest weighs
    r = _lote(cliente, escaneos[:3])
    assert r.status_code == 413
    assert "; el máximo es 1000 bytes (200 archivos de hasta 12 MB)." in r.content.decode()
    assert Digitalizacion.objects.count() == 0 and _imagenes(settings) == []


def test_la_vista_no_procesa_parte_de_un_lote_mayor_que_el_suyo(catd, escaneos, settings):
    cliente, _ = catd
    settings.OPLE_CATD_MAX_ARCHIVOS = 2  # below Django's count: the view's own check
    r = _lote(cliente, escaneos[:3])
    assert r.status_code == 200
    assert "El lote trae 3 archivos; el máximo es 2. No se procesó ninguno." in r.content.decode()
    assert Digitalizacion.objects.count() == 0 and _imagenes(settings) == []
