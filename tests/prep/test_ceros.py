"""Puesta en ceros: refuses with data, fingerprints code/profile/catalog, PDF, audit event."""

from __future__ import annotations

import hashlib
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ople import cli
from ople.core.errors import OpleError
from ople.core.models import AuditEvent
from ople.documentos.models import DocumentoEmitido, Folio
from ople.prep.models import Digitalizacion, PuestaEnCeros
from ople.prep.services import ceros, intake
from tests.prep.datos_intake import acta, catalogo_con_actas, jpeg

pytestmark = pytest.mark.django_db


def test_puesta_en_ceros_y_rechazo_con_datos(tmp_path):
    cat = catalogo_con_actas(ceros=False)
    salida = tmp_path / "ceros"
    out = StringIO()
    call_command("prep_puesta_en_ceros", "--salida", str(salida), stdout=out)
    texto = out.getvalue()
    registro = PuestaEnCeros.objects.get()
    assert registro.proceso == cat.proceso
    assert "prep_digitalizacion" in texto and "prep_captura" in texto
    assert all(t["registros"] == 0 for t in registro.reporte["tablas"])
    assert registro.reporte["configuracion"]["prep_actaesperada"] == 11
    # (Not compared with a second computation: other engineers edit the shared tree meanwhile;
    # the algorithm is checked against sha256sum in test_huella_codigo_equivale_a_sha256sum.)
    assert len(registro.huella_codigo) == 64 and int(registro.huella_codigo, 16) >= 0
    from ople import profiles

    assert registro.huella_perfil == profiles.huella("ieeags-2024")
    assert registro.huella_catalogo == ceros.huella_catalogo(cat.proceso)
    pdf = Path(registro.pdf_ruta)
    assert pdf.parent == salida and pdf.read_bytes().startswith(b"%PDF")
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == registro.pdf_sha256
    ev = AuditEvent.objects.get(action="prep.puesta_en_ceros")
    assert ev.after["huella_codigo"] == registro.huella_codigo
    # The report is a document of the platform: its folio (the PREP's series), the SHA-256 of
    # its canonical content on every page and a QR to the verification URL.
    anio = timezone.localtime(registro.creado).year
    assert registro.reporte["folio"] == f"IEE/PREP/001/{anio}"
    assert f"Folio: IEE/PREP/001/{anio}" in texto
    # (Not rebuilt from registro.reporte: PostgreSQL's jsonb reorders the keys of
    # "configuracion", so the lines would come out in another order.)
    huella = ev.after["documento_sha256"]
    assert len(huella) == 64 and f"SHA-256 {huella}".encode() in pdf.read_bytes()  # metadata
    assert DocumentoEmitido.objects.get(sha256=huella).sistema == "prep"  # ADR 0056
    folio_ev = AuditEvent.objects.get(action="documentos.folio")
    assert folio_ev.after["folio"] == registro.reporte["folio"] and folio_ev.seq < ev.seq

    # Intake is now open; once data exists, a new ceremony is refused and changes nothing.
    intake.recibir_imagen(
        datos=jpeg(1),
        sha256_declarado=None,
        acta=acta("010393B010002"),
        origen=Digitalizacion.Origen.CATD,
        medio=Digitalizacion.Medio.ESCANER,
    )
    with pytest.raises(CommandError) as exc:
        call_command("prep_puesta_en_ceros", "--salida", str(tmp_path / "otra"))
    assert "hay datos de jornada" in str(exc.value) and "digitalizaciones (1)" in str(exc.value)
    assert PuestaEnCeros.objects.count() == 1
    assert Folio.objects.count() == 1  # a refused ceremony takes no folio
    assert not (tmp_path / "otra").exists() or not any((tmp_path / "otra").iterdir())
    # the service's refusal has the platform's one shape: a stable code and the Spanish message
    with pytest.raises(OpleError) as rechazo:
        ceros.realizar_puesta_en_ceros(proceso=cat.proceso, usuario=None, salida=tmp_path / "otra")
    assert isinstance(rechazo.value, ceros.CerosError)
    assert rechazo.value.codigo == "hay_datos_de_jornada"
    assert rechazo.value.mensaje.startswith("No se puede realizar la puesta en ceros")


def test_cli_ople_prep_puesta_en_ceros(monkeypatch):
    # `ople prep puesta-en-ceros` dispatches to the management command prep_puesta_en_ceros.
    # (Not executed in-process: run_from_argv closes the test's database connection.)
    llamadas = []
    import django.core.management as gestion

    monkeypatch.setattr(gestion, "execute_from_command_line", llamadas.append)
    assert cli.main(["prep", "puesta-en-ceros", "--salida", "/tmp/x"]) == 0
    assert cli.main(["prep", "no-existe"]) == 0
    assert llamadas == [
        ["ople", "prep_puesta_en_ceros", "--salida", "/tmp/x"],
        ["ople", "prep", "no-existe"],
    ]


def test_huella_catalogo_cambia_con_la_lista_nominal():
    cat = catalogo_con_actas(ceros=False)
    antes = ceros.huella_catalogo(cat.proceso)
    assert ceros.huella_catalogo(cat.proceso) == antes
    casilla = cat.casillas["010393B0100"]
    casilla.lista_nominal += 1
    casilla.save()
    assert ceros.huella_catalogo(cat.proceso) != antes


def test_huella_codigo_equivale_a_sha256sum(tmp_path):
    raiz = tmp_path / "ople"
    (raiz / "prep" / "__pycache__").mkdir(parents=True)
    (raiz / "__init__.py").write_text("")
    (raiz / "prep" / "rules.py").write_text("X = 1\n")
    (raiz / "prep" / "Z.html").write_text("<p>á</p>")
    (raiz / "prep" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\x00")
    esperado = subprocess.run(
        "find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' | sed 's|^./||' "
        "| LC_ALL=C sort | xargs sha256sum | sha256sum",
        shell=True,
        cwd=raiz,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    assert ceros.huella_codigo(raiz) == esperado
    (raiz / "prep" / "rules.py").write_text("X = 2\n")
    assert ceros.huella_codigo(raiz) != esperado


def test_puesta_en_ceros_fallida_devuelve_su_folio_y_borra_su_pdf(tmp_path, monkeypatch):
    proceso = catalogo_con_actas(ceros=False).proceso
    escritos = []

    def falla(**kw):
        escritos.extend((tmp_path / "c").iterdir())  # the PDF was written before the row
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(PuestaEnCeros.objects, "create", falla)
    with pytest.raises(RuntimeError):
        ceros.realizar_puesta_en_ceros(proceso=proceso, usuario=None, salida=tmp_path / "c")
    assert not Folio.objects.exists() and not PuestaEnCeros.objects.exists()
    assert len(escritos) == 1 and list((tmp_path / "c").iterdir()) == []
    monkeypatch.undo()
    registro = ceros.realizar_puesta_en_ceros(proceso=proceso, usuario=None, salida=tmp_path / "c")
    assert registro.reporte["folio"].startswith("IEE/PREP/001/")
