"""`ople prep audit`: exit 0 on the real QRoo file, 1 on a tampered copy, 2 on an unreadable file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

S2 = Path(__file__).resolve().parent.parent / "data" / "FerNHK_QROO_DIP_LOC_2019.csv"


def _audit(*args: str) -> tuple[int, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("prep_audit", *args, stdout=out, stderr=err)
        codigo = 0
    except SystemExit as e:
        codigo = int(e.code or 0)
    return codigo, out.getvalue() + err.getvalue()


def test_real_file_passes() -> None:
    codigo, salida = _audit(str(S2))
    assert codigo == 0, salida
    assert "PORCENTAJE_PARTICIPACION_CIUDADANA" in salida and "22.1523" in salida
    assert "DIFERENTE" not in salida
    assert _audit(str(S2), "--perfil", "ieqroo-2019")[0] == 0


def test_tampered_header_fails(tmp_path: Path) -> None:
    datos = S2.read_bytes().replace(b"|1187254|263005|", b"|1187254|263006|", 1)
    archivo = tmp_path / "alterado.csv"
    archivo.write_bytes(datos)
    codigo, salida = _audit(str(archivo))
    assert codigo == 1
    assert "TOTAL_VOTOS_C_CS" in salida and "DIFERENTE" in salida


def test_tampered_row_fails(tmp_path: Path) -> None:
    """Change one vote in a counted row: the row total no longer matches its columns."""
    texto = S2.read_text()
    linea = texto.split("\n")[7]
    celdas = linea.split("|")
    celdas[16] = str(int(celdas[16]) + 1)  # PAN of the first acta
    archivo = tmp_path / "fila.csv"
    archivo.write_text(texto.replace(linea, "|".join(celdas), 1))
    codigo, salida = _audit(str(archivo))
    assert codigo == 1
    assert "230085B010002" in salida


def test_tampered_contabilizada_fails(tmp_path: Path) -> None:
    texto = S2.read_text()
    linea = texto.split("\n")[7]
    archivo = tmp_path / "contab.csv"
    archivo.write_text(texto.replace(linea, linea.replace("||1|F|", "||0|F|"), 1))
    codigo, salida = _audit(str(archivo))
    assert codigo == 1 and "ACTAS_CONTABILIZADAS" in salida


def test_variant_b_copy_passes(tmp_path: Path) -> None:
    from ople.prep import ine_csv

    base = ine_csv.leer(S2.read_bytes())
    datos = ine_csv.escribir_resultados(
        formato="B",
        eleccion=base.eleccion,
        corte=base.corte,
        columnas=base.columnas,
        filas=base.filas,
        actas_esperadas=2136,
        corte_final=True,
    )
    assert datos is not None
    archivo = tmp_path / "b.csv"
    archivo.write_bytes(datos)
    assert _audit(str(archivo))[0] == 0


@pytest.mark.parametrize("contenido", [None, b"no es un csv del prep\n"])
def test_unreadable_file(tmp_path: Path, contenido: bytes | None) -> None:
    archivo = tmp_path / "x.csv"
    if contenido is not None:
        archivo.write_bytes(contenido)
    codigo, salida = _audit(str(archivo))
    assert codigo == 2 and salida


def test_console_dispatch() -> None:
    """The real `ople prep audit FILE` entry point, through the dispatcher."""
    r = subprocess.run(
        [sys.executable, "-m", "ople.cli", "prep", "audit", str(S2)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "coinciden" in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "ople.cli", "prep", "no-existe"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "audit" in r.stderr
