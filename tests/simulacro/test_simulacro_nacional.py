"""A small national simulacro, end to end, on a scaled-down synthetic national catalog.

The full synthetic country (~170,000 casillas) takes minutes to load and each of its cuts
minutes to build, so CI loads the same generator at 0.5 % (32 entidades, 870 casillas) and
plays 100 actas spread over the country. Figures of the full-size run: docs/simulacro.md.
"""

from __future__ import annotations

import csv
import re
import zipfile

import pytest

from tests.simulacro.proceso import entorno, ople

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_small_national_simulacro_passes_its_consistency_check(tmp_path):
    env = entorno(tmp_path, "nacional")
    for args in (
        ["migrate", "-v0"],
        ["load-catalog", "nacional-sintetico", "--escala", "0.005"],
    ):
        r = ople(args, env)
        assert r.returncode == 0, r.stderr[-2000:]
    r = ople(
        [
            "simulacro",
            "--scale",
            "national",
            "--speed",
            "3000",
            "--max-actas",
            "100",
            "--seed",
            "7",
            "--capturistas",
            "4",
        ],
        env,
    )
    salida = r.stdout + r.stderr
    assert r.returncode == 0, salida[-4000:]
    assert "Consistencia: el corte final reproduce la verdad del simulacro" in salida
    # The 100 actas come from casillas all over the synthetic country, not from entidad 01.
    entidades = int(re.search(r"Actas elegidas en (\d+) entidades", salida).group(1))
    assert entidades >= 20, salida[-2000:]
    assert re.search(r"actas simuladas:\s+10\d", salida), salida[-2000:]

    # Every cut passed `ople verify` inside the consistency check; at least two were published.
    cortes = sorted((tmp_path / "var" / "publicacion" / "cortes").iterdir())
    assert len(cortes) >= 2
    # The CSV numbers distritos, municipios and secciones with the entidad in front (entidad 07:
    # distrito local 7dd, municipio 7mmm, sección 7ssss), so the 32 entidades never mix.
    for eleccion, columna, factor in (
        ("DIP_LOC", "ID_DISTRITO_LOCAL", 100),
        ("AYUN", "ID_MUNICIPIO", 1000),
    ):
        (archivo,) = (cortes[-1] / "descargas").glob(f"*_PREP_{eleccion}_*.zip")
        with zipfile.ZipFile(archivo) as z:
            nombre = next(n for n in z.namelist() if n.endswith(".csv") and "CANDIDATURAS" not in n)
            lineas = z.read(nombre).decode("utf-8-sig").splitlines()
        inicio = next(i for i, linea in enumerate(lineas) if linea.startswith("CLAVE_CASILLA,"))
        filas = list(csv.DictReader(lineas[inicio:]))
        assert len(filas) >= 40  # this election's half of the ~100 actas
        assert len({f["CLAVE_CASILLA"].strip("'")[:2] for f in filas}) >= 20
        for f in filas:
            entidad = int(f["CLAVE_CASILLA"].strip("'")[:2])
            assert int(f[columna]) // factor == entidad
            assert int(f["SECCION"]) // 10000 == entidad
