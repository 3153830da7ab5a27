"""Issuing a document (ADR 0056): its canonical content kept once and audited, its verification
page and canonical JSON published as static files after commit, served at /documentos/<sha>,
and the QR of its PDF leading there; an unknown fingerprint is a Spanish 404."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from django.db import transaction

from ople.core.models import AuditEvent
from ople.documentos import pdf
from ople.documentos.models import DocumentoEmitido
from ople.documentos.services import emision
from ople.publicacion import sitio_de
from ople.publicacion.models import CortePublicado
from ople.publicacion.verificar import verificar_corte

pytestmark = pytest.mark.django_db

DOC = pdf.Documento(
    titulo="Constancia de mayoría y validez",
    lineas=(
        "Elección: Ayuntamiento de Aguascalientes",
        "",
        "Planilla ganadora: «Juntos» — ñandú ≠ 0 & <b>sin marcado</b>",
    ),
    folio="IEE/CM01/001/2024",
    fecha=datetime(2024, 6, 5, 20, 30, tzinfo=UTC),
    firmas=("Presidencia del consejo", "Secretaría técnica"),
)
HUELLA = pdf.sha256(DOC)
POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="sin poppler-utils")


def _paginas():
    return sitio_de(emision.SITIO).raiz / emision.PAGINAS


def test_registrar_guarda_el_contenido_canonico_una_vez_y_lo_audita():
    d = emision.registrar(DOC, sistema="computos", publicar_sitio=False)
    assert d.sha256 == HUELLA and d.folio == DOC.folio and d.sistema == "computos"
    assert d.contenido.encode() == pdf.contenido_canonico(DOC)
    assert hashlib.sha256(d.contenido.encode()).hexdigest() == HUELLA
    otra = emision.registrar(DOC, sistema="estrados", publicar_sitio=False)
    assert otra.pk == d.pk and otra.sistema == "computos"  # the same content: nothing new
    eventos = AuditEvent.objects.filter(action="documentos.emision")
    assert eventos.count() == 1
    assert eventos.get().after["sha256"] == HUELLA


def test_emitir_en_la_transaccion_del_llamador_se_deshace_con_ella():
    class Falla(Exception):
        pass

    with pytest.raises(Falla), transaction.atomic():
        datos = emision.emitir(DOC, sistema="prep")
        assert datos.startswith(b"%PDF")
        raise Falla
    assert not DocumentoEmitido.objects.filter(sha256=HUELLA).exists()
    assert not AuditEvent.objects.filter(action="documentos.emision").exists()


def test_sistema_invalido():
    with pytest.raises(emision.EmisionError):
        emision.registrar(DOC, sistema="Con Espacios", publicar_sitio=False)


def test_la_pagina_se_publica_al_confirmar_y_se_sirve(client, django_capture_on_commit_callbacks):
    otro = pdf.Documento(
        titulo="Acta de cómputo", lineas=("Total: 10",), folio="IEE/CM01/002/2024", fecha=DOC.fecha
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        emision.emitir(DOC, sistema="computos")
        emision.emitir(otro, sistema="computos")
        assert not (_paginas() / f"{HUELLA}.html").exists()  # not before the commit
    assert len(callbacks) == 1  # one cut per transaction
    assert CortePublicado.objects.filter(sitio="documentos").count() == 1
    html = (_paginas() / f"{HUELLA}.html").read_text()
    assert "IEE/CM01/001/2024" in html and "Presidencia del consejo" in html
    assert "&lt;b&gt;sin marcado&lt;/b&gt;" in html and "<b>sin" not in html
    assert HUELLA in html and "sha256sum" in html
    # the canonical JSON in the store hashes to the fingerprint
    guardado = (sitio_de("documentos").raiz / "almacen" / f"{HUELLA}.json").read_bytes()
    assert hashlib.sha256(guardado).hexdigest() == HUELLA
    assert json.loads(guardado)["folio"] == DOC.folio
    assert DocumentoEmitido.objects.filter(publicado_en__isnull=True).count() == 0

    r = client.get(f"/documentos/{HUELLA}")
    assert r.status_code == 200
    texto = r.content.decode()
    assert "Documento emitido por" in texto and "Planilla ganadora" in texto
    assert b"".join(client.get(f"/documentos/almacen/{HUELLA}.json").streaming_content) == guardado
    assert client.get("/documentos/estilo.css").status_code == 200
    # the signed cut verifies (the pages' copies and the JSON in its store)
    corte = CortePublicado.objects.get(sitio="documentos")
    assert verificar_corte(corte.ruta) == []
    assert (corte.ruta / "d" / f"{HUELLA}.html").read_text() == html


def test_emitir_otra_vez_no_publica_de_nuevo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emision.emitir(DOC, sistema="computos")
    with django_capture_on_commit_callbacks(execute=True):
        emision.emitir(DOC, sistema="computos")
    assert CortePublicado.objects.filter(sitio="documentos").count() == 1


def test_la_direccion_es_la_del_qr(client, django_capture_on_commit_callbacks):
    """Lower-case and without a slash, as the QR prints it and nginx matches it: the page's
    relative links (its stylesheet, its JSON) resolve only there."""
    with django_capture_on_commit_callbacks(execute=True):
        emision.emitir(DOC, sistema="computos")
    assert client.get(f"/documentos/{HUELLA}").status_code == 200
    for otra in (f"/documentos/{HUELLA}/", f"/documentos/{HUELLA.upper()}"):
        r = client.get(otra)
        assert r.status_code == 404 and "Documento no encontrado" in r.content.decode(), otra


def test_huella_desconocida_es_404_en_espanol(client):
    r = client.get("/documentos/" + "ab" * 32)
    assert r.status_code == 404
    texto = r.content.decode()
    assert "no ha emitido ningún documento con esa huella" in texto
    assert 'lang="es"' in texto and "ab" * 32 in texto
    r = client.get("/documentos/no-es-una-huella")
    assert r.status_code == 404 and "no ha emitido" in r.content.decode()


@POPPLER
def test_el_qr_del_pdf_lleva_a_la_pagina(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    import zxingcpp
    from PIL import Image

    settings.DOCUMENTOS_URL_VERIFICACION = "http://testserver/documentos/"
    with django_capture_on_commit_callbacks(execute=True):
        datos = emision.emitir(DOC, sistema="computos")
    archivo = tmp_path / "c.pdf"
    archivo.write_bytes(datos)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(archivo), str(tmp_path / "p")], check=True)
    (png,) = sorted(tmp_path.glob("p-*.png"))
    (codigo,) = zxingcpp.read_barcodes(Image.open(png))
    assert codigo.text == f"http://testserver/documentos/{HUELLA}"
    r = client.get(codigo.text)
    assert r.status_code == 200 and DOC.folio in r.content.decode()


def test_comando_publica_los_pendientes():
    from io import StringIO

    from django.core.management import call_command

    emision.registrar(DOC, sistema="computos", publicar_sitio=False)
    salida = StringIO()
    call_command("documentos_publicar", stdout=salida)
    assert "Publicados 1 documentos" in salida.getvalue()
    assert (_paginas() / f"{HUELLA}.html").exists()
    salida = StringIO()
    call_command("documentos_publicar", stdout=salida)
    assert "No hay documentos pendientes" in salida.getvalue()


def test_un_documento_reservado_no_publica_su_texto(client, django_capture_on_commit_callbacks):
    """A package's receipt names who delivered and received it: its page confirms folio, title,
    date and fingerprint, and neither the page, the cut nor the store carry its text."""
    recibo = pdf.Documento(
        titulo="Recibo de entrega del paquete electoral",
        lineas=("Entregó: Rosa Pérez Ávila (presidencia de casilla)", "Recibió: Mesa 1"),
        folio="IEE/RPQ-D01/001/2024",
        fecha=DOC.fecha,
    )
    huella = pdf.sha256(recibo)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        emision.emitir(recibo, sistema="paquetes", reservado=True)
        emision.emitir(DOC, sistema="computos")
    assert DocumentoEmitido.objects.get(sha256=huella).reservado
    texto = client.get(f"/documentos/{huella}").content.decode()
    assert "IEE/RPQ-D01/001/2024" in texto and huella in texto and "uso interno" in texto
    assert "Rosa" not in texto and "Mesa 1" not in texto
    assert client.get(f"/documentos/almacen/{huella}.json").status_code == 404
    raiz = sitio_de("documentos").raiz
    for archivo in raiz.rglob("*"):
        if archivo.is_file():
            datos = archivo.read_bytes()
            if archivo.suffix == ".gz":
                datos = gzip.decompress(datos)
            assert b"Rosa" not in datos, archivo
    indice = (CortePublicado.objects.get(sitio="documentos").ruta / "index.html").read_text()
    assert "IEE/CM01/001/2024" in indice and "RPQ" not in indice
