"""A form post over one of Django's request limits gets a Spanish page (413) that states the
limit, and nothing runs; CSRF-exempt views (the PREP Casilla API) keep their own answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ople.core.models import AuditEvent
from ople.core.request_limits import _mb

pytestmark = pytest.mark.django_db


def _pagina(r) -> str:
    assert r.status_code == 413 and r["Content-Type"].startswith("text/html")
    cuerpo = r.content.decode()
    assert '<html lang="es-MX">' in cuerpo and "No se procesó nada de este envío" in cuerpo
    return cuerpo


def test_demasiados_campos():
    datos = {f"c{i}": "x" for i in range(1001)} | {"username": "a", "password": "b"}
    r = Client().post("/cuenta/entrar/", datos)
    assert "más de 1000 campos" in _pagina(r)
    assert not AuditEvent.objects.exists()  # the login view did not run (it audits failures)


def test_campos_demasiado_grandes(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    r = Client().post("/cuenta/entrar/", {"username": "a" * 4000, "password": "b"})
    assert "exceden el máximo de 2 KB" in _pagina(r)
    assert not AuditEvent.objects.exists()


def test_demasiados_archivos_en_cualquier_pagina(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    archivos = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(3)]
    r = Client().post("/cuenta/entrar/", {"username": "a", "password": "b", "f": archivos})
    assert "el máximo es 2 por envío" in _pagina(r)


def test_la_api_exenta_de_csrf_responde_con_su_json(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    archivos = [SimpleUploadedFile(f"{i}.jpg", b"x") for i in range(3)]
    r = Client().post("/prep/api/v1/actas", {"imagen": archivos}, HTTP_AUTHORIZATION="Bearer nadie")
    assert r.status_code in (400, 401) and r.json()["error"]["codigo"]


def test_tamanos_legibles():
    assert _mb(200 * (12 * 1024 * 1024 + 65536)) == "2.4 GB"
    assert _mb(12 * 1024 * 1024) == "12 MB" and _mb(5000) == "4.9 KB" and _mb(10) == "10 bytes"
