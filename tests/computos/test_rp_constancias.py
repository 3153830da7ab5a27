"""Constancias de asignación of the RP seats: gap-free folios, deterministic PDFs with folio,
SHA-256 and QR, all or none; the acuerdo's annex from the trail."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

import pytest

from ople import profiles
from ople.computos.asignacion import constancias, demo, services
from ople.computos.asignacion import perfil as perfil_asignacion
from ople.documentos import pdf
from ople.documentos.models import DocumentoEmitido, Folio

AHORA = datetime(2024, 6, 9, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def congreso():
    seccion = perfil_asignacion.de(profiles.cargar("ieeags-2024"))
    return demo.versiones(seccion)[1].organos[0]  # after the state court's ruling


@pytest.mark.django_db
def test_una_constancia_por_escano_con_folios_seguidos(congreso, tmp_path):
    emitidas = services.emitir_constancias(
        asignacion=congreso.personas,
        organo="Congreso del Estado",
        cargo="Diputación",
        version="versión 2 (TEEA)",
        actor=None,
        ahora=AHORA,
    )
    assert len(emitidas) == 9
    assert [c.folio for c in emitidas] == [f"IEE/SE/{n:03d}/2024" for n in range(1, 10)]
    assert Folio.objects.count() == 9
    # each constancia's content is kept for its QR's verification page (ADR 0056)
    assert {c.sha256 for c in emitidas} <= set(
        DocumentoEmitido.objects.values_list("sha256", flat=True)
    )
    suplente = next(c for c in emitidas if c.partido == "MORENA" and c.numero == 2)
    archivo = tmp_path / "constancia.pdf"
    archivo.write_bytes(suplente.pdf)
    texto = subprocess.run(
        ["pdftotext", "-layout", str(archivo), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "IEE/SE/" in texto and suplente.sha256 in texto.replace("\n", "").replace(" ", "")
    assert "Instituto Estatal Electoral de Aguascalientes" in texto
    assert "suplente de la fórmula" in texto  # the 2024 case: the constancia went to the suplente
    assert suplente.propietario in texto


@pytest.mark.django_db
def test_si_una_falla_no_se_usa_ningun_folio(congreso, monkeypatch):
    original = pdf.renderizar
    llamadas = []

    def falla_a_la_tercera(doc, *, url_base):
        llamadas.append(doc.folio)
        if len(llamadas) == 3:
            raise OSError("disco lleno")
        return original(doc, url_base=url_base)

    monkeypatch.setattr(pdf, "renderizar", falla_a_la_tercera)
    with pytest.raises(OSError):
        services.emitir_constancias(
            asignacion=congreso.personas,
            organo="Congreso del Estado",
            cargo="Diputación",
            version="v",
            actor=None,
            ahora=AHORA,
        )
    assert not Folio.objects.exists()


def test_el_anexo_sale_del_rastro(congreso):
    doc = constancias.anexo(
        congreso.resultado, organo="Congreso del Estado", version="v1", folio="X/1", fecha=AHORA
    )
    assert any(linea.startswith("Σ") for linea in doc.lineas)
    assert any("cede su escaño de resto" in linea for linea in doc.lineas)
    assert pdf.renderizar(doc, url_base="https://x/") == pdf.renderizar(doc, url_base="https://x/")
