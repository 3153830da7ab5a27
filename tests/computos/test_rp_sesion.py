"""The Consejo General's RP allocation session: load the versions, review the allocation step by
step, approve; constancias, annex and the signed cut follow. In headless Chromium, and its refusals
(role, bad file) through the test client."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP

from ople.core import services as core_services
from ople.core.testing import login_verified, make_user
from ople.documentos.models import Folio
from ople.publicacion import CortePublicado
from ople.publicacion.verificar import verificar_corte

from .test_rp_publicacion import _version

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _clave(tmp_path, monkeypatch):
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "claves" / "publicacion.pem"))


@pytest.fixture(autouse=True)
def _urls_del_sitio(settings):
    """The site's URL patterns bind its root (PUBLISH_ROOT) when imported: rebuild them for this
    test's own PUBLISH_ROOT (production never changes it while running)."""
    import importlib

    from django.urls import clear_url_caches

    import ople.computos.asignacion.urls as urls_asignacion

    importlib.reload(urls_asignacion)
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))  # its include()s hold them
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_sesion_de_asignacion_de_la_carga_a_las_constancias(
    live_server, page, tmp_path, screenshot_dir
):
    v1 = tmp_path / "v1-acuerdo.json"
    v1.write_text(json.dumps(_version(1, "IEE", "CG-A-70/24", {})))
    v2 = tmp_path / "v2-teea.json"
    v2.write_text(json.dumps(_version(2, "TEEA", "TEEA-JDC-1/2024", {"B-2": "sin constancia"})))
    admin = make_user("consejo", "administracion")
    core_services.set_totp_secret(user=admin, secret_base32=SECRET)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("consejo")
    page.get_by_label("Contraseña").fill("clave-de-prueba-1")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(base + "/cuenta/segundo-factor/")
    page.get_by_label("Código de 6 dígitos").fill(f"{TOTP(base64.b32decode(SECRET)).token():06d}")
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_url(base + "/oficina/")
    page.get_by_role("link", name="Asignación de representación proporcional").click()
    page.wait_for_url(base + "/asignacion/oficina/")
    page.get_by_label("Archivos de versión (JSON, en orden)").set_input_files([str(v1), str(v2)])
    page.get_by_role("button", name="Calcular").click()
    assert page.locator("h2").nth(1).inner_text() == "Versión vigente: 2"
    assert page.locator("svg.hemiciclo circle").count() == 27
    assert "Suplente B2" in page.locator("main").inner_text()
    page.get_by_text("Rastro paso por paso").click()
    assert "cociente natural 110,200" in page.locator("ol.rastro").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "rp-sesion.png"), full_page=True)
    assert not CortePublicado.objects.exists()  # nothing until approved
    page.get_by_role("button", name="Aprobar y publicar").click()
    page.wait_for_url(base + "/asignacion/oficina/")
    assert "Asignación publicada" in page.locator("ul.mensajes").inner_text()
    corte = CortePublicado.objects.get(sitio="asignacion")
    assert (
        verificar_corte(Path(settings.PUBLISH_ROOT) / "asignacion" / "cortes" / corte.nombre) == []
    )
    assert Folio.objects.count() == 10 + 2  # constancias and the two annexes
    # The public composition page, as a citizen sees it.
    page.goto(base + "/asignacion/")
    page.get_by_role("link", name="Congreso del Estado").click()
    assert page.locator("svg.hemiciclo circle").count() == 27
    assert "Suplente B2" in page.locator("main").inner_text()


@pytest.mark.django_db
def test_sin_el_rol_no_entra(client):
    usuario = make_user("captura9")
    login_verified(client, usuario)
    assert client.get("/asignacion/oficina/").status_code == 403


@pytest.mark.django_db
def test_un_archivo_invalido_se_explica_y_no_publica(client, tmp_path):
    admin = make_user("consejo", "administracion")
    login_verified(client, admin)
    datos = _version(1, "IEE", "CG-A-70/24", {})
    datos["organos"][0]["entrada"]["reglas"] = {"banda": "9/8"}
    archivo = SimpleUploadedFile("v1.json", json.dumps(datos).encode(), "application/json")
    r = client.post("/asignacion/oficina/", {"accion": "calcular", "versiones": archivo})
    assert r.status_code == 400
    texto = r.content.decode()
    assert "«organos[0].entrada.reglas.banda»" in texto and "No se publicó nada" in texto
    r = client.post("/asignacion/oficina/", {"accion": "publicar", "datos": "[]"})
    assert r.status_code == 400
    assert not CortePublicado.objects.exists() and not Folio.objects.exists()


@pytest.mark.django_db
def test_los_archivos_de_ejemplo_se_calculan(client):
    admin = make_user("consejo", "administracion")
    login_verified(client, admin)
    r = client.get("/asignacion/oficina/ejemplo-2.json")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    datos = json.loads(r.content)
    assert datos["origen"] == "TEEA" and len(datos["organos"]) == 12
    archivo = SimpleUploadedFile("v2.json", r.content, "application/json")
    r = client.post("/asignacion/oficina/", {"accion": "calcular", "versiones": archivo})
    assert r.status_code == 200 and "Versión vigente: 2" in r.content.decode()
    assert client.get("/asignacion/oficina/ejemplo-9.json").status_code == 404
