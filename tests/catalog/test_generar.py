"""The shipped Aguascalientes files are exactly what generar.py produces from shared/data."""

import subprocess
import sys
from pathlib import Path

import pytest

import ople.catalog

FUENTE = Path("/work/shared/data")
DATOS = Path(ople.catalog.__file__).resolve().parent / "data" / "aguascalientes"


@pytest.mark.skipif(
    not (FUENTE / "unRob_01-aguascalientes.json").exists(), reason="shared/data no disponible"
)
def test_generator_is_deterministic_and_matches_the_shipped_files(tmp_path):
    subprocess.run(
        [
            sys.executable,
            str(DATOS / "generar.py"),
            "--fuente",
            str(FUENTE),
            "--destino",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    generados = sorted(p.name for p in tmp_path.iterdir())
    assert "secciones.geojson" in generados and "casillas.csv" in generados
    for nombre in generados:
        assert (tmp_path / nombre).read_bytes() == (DATOS / nombre).read_bytes(), nombre


def test_shipped_files_are_labelled():
    casillas = (DATOS / "casillas.csv").read_text(encoding="utf-8").splitlines()[0]
    assert casillas.startswith("# DATOS SINTÉTICOS")
    for nombre in ("partidos.csv", "coaliciones.csv", "candidaturas.csv"):
        assert "ILUSTRATIVOS" in (DATOS / nombre).read_text(encoding="utf-8").splitlines()[0]
