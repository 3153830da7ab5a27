"""The published cut (pure), INE's layout and the replay of INE's real 2024 cómputo."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ople.computos import ine, publicacion
from ople.computos.publicacion import CasillaPublicada, ComputoPublicado
from tests.servidor_ople import PYTHONPATH_DEL_ARBOL

NACIONAL = Path("/work/shared/data/tabatatgr_INE_COMPUTOS_DIP_FED_2024.csv.gz")
# INE's published national votación of the Chamber of Deputies 2024 (cómputos distritales at
# 100 %, as reported by EFE on 8 June 2024): what `replay` must reproduce.
INE_2024 = {
    "partidos": {
        "PAN": 10_049_375,
        "PRI": 6_623_796,
        "PRD": 1_449_660,
        "PVEM": 4_993_988,
        "PT": 3_254_718,
        "MC": 6_497_404,
        "MORENA": 24_286_317,
    },
    "independientes": 72_012,
    "no_registrados": 49_329,
    "nulos": 2_189_869,
}


def _computo():
    return ComputoPublicado(
        clave="CD01",
        nombre="Consejo Distrital 01",
        eleccion="DIPUTACIONES LOCALES",
        columnas=(
            "PAN",
            "PRI",
            "PRD",
            "C_PAN_PRI_PRD",
            "C_PAN_PRI",
            "C_PAN_PRD",
            "C_PRI_PRD",
            "NULOS",
        ),
        partidos=("PAN", "PRI", "PRD"),
        combinaciones={
            "C_PAN_PRI_PRD": ("PAN", "PRI", "PRD"),
            "C_PAN_PRI": ("PAN", "PRI"),
            "C_PAN_PRD": ("PAN", "PRD"),
            "C_PRI_PRD": ("PRI", "PRD"),
        },
        candidaturas={
            "Fuerza": ("PAN", "PRI", "PRD", "C_PAN_PRI_PRD", "C_PAN_PRI", "C_PAN_PRD", "C_PRI_PRD")
        },
        desempate=("PAN", "PRI", "PRD"),
        casillas=(
            CasillaPublicada(
                "A",
                1,
                {
                    "PAN": 20_000,
                    "PRI": 9_000,
                    "PRD": 1_000,
                    "C_PAN_PRI_PRD": 1_000,
                    "C_PAN_PRI": 350,
                    "C_PAN_PRD": 77,
                    "C_PRI_PRD": 40,
                    "NULOS": 10,
                },
                "COTEJO",
                prep={"PAN": 20_000, "PRI": 9_000},
            ),
            CasillaPublicada(
                "B",
                2,
                {"PAN": 0, "PRI": 500, "PRD": 200, "C_PAN_PRI_PRD": 1, "NULOS": 3},
                "RECUENTO",
                ("C5",),
            ),
        ),
    )


def test_corte_y_verificacion():
    c = _computo()
    t = publicacion.totales(c)
    assert t.distribuido == {"PAN": 20_548, "PRI": 10_029, "PRD": 1_591}  # legal.md §1.6
    assert t.por_candidatura == {"Fuerza": 32_168}
    archivos = publicacion.generar(
        [c], titulo="Cómputos", corte_en=datetime(2024, 6, 5, tzinfo=UTC)
    )
    assert publicacion.verificar(archivos) == []
    pagina = archivos["consejos/CD01.html"].decode()
    assert 'lang="es"' in pagina and "C5 (nulos mayores que la diferencia)" in pagina
    assert '<td class="dif">+1000<' in pagina  # PRD: 1,000 in the cómputo, absent in the PREP
    assert "<script" not in pagina and "http" not in pagina.replace("https://", "")
    # a tampered row is caught by the recomputation
    manipulado = dict(archivos)
    manipulado["datos/casillas.csv"] = archivos["datos/casillas.csv"].replace(
        b",20000,", b",20001,"
    )
    assert publicacion.verificar(manipulado) == [
        "CD01: la votación por candidatura no se reproduce",
        "CD01: la distribución por partido no se reproduce",
    ]


def test_formato_ine_malo():
    with pytest.raises(ine.BaseInvalida, match="formato del INE"):
        ine.leer(b"A,B\n1,2\n")
    with pytest.raises(ine.BaseInvalida, match="vacío"):
        ine.leer(b"")


@pytest.mark.skipif(not NACIONAL.exists(), reason="base nacional no disponible")
def test_replay_de_aguascalientes(tmp_path):
    """The three federal distritos of Aguascalientes, through the command, in a fresh shell."""
    lineas = gzip.decompress(NACIONAL.read_bytes()).decode().splitlines()
    ags = [lineas[0]] + [x for x in lineas[1:] if x.split(",")[2] == "1"]
    archivo = tmp_path / "ags.csv"
    archivo.write_text("\n".join(ags) + "\n")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "ople.cli",
            "computos",
            "replay",
            str(archivo),
            "--out",
            str(tmp_path / "corte"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": PYTHONPATH_DEL_ARBOL},
    )
    assert r.returncode == 0, r.stderr
    assert "3 cómputos" in r.stdout and "verificación: correcta" in r.stdout
    totales = json.loads(r.stdout.splitlines()[-1])
    assert set(totales["partidos"]) == set(INE_2024["partidos"])
    assert (tmp_path / "corte" / "consejos" / "F01-01.html").exists()
    assert (
        publicacion.verificar(
            {
                str(p.relative_to(tmp_path / "corte")): p.read_bytes()
                for p in (tmp_path / "corte").rglob("*")
                if p.is_file()
            }
        )
        == []
    )


@pytest.mark.slow
@pytest.mark.skipif(not NACIONAL.exists(), reason="base nacional no disponible")
def test_replay_nacional_reproduce_al_ine():
    from ople.computos.management.commands.computos_replay import totales_nacionales

    base = ine.leer(NACIONAL.read_bytes())
    mr = totales_nacionales(ine.computos(base))
    rp = totales_nacionales(ine.computos(base, tipos=ine.TIPOS_RP))
    assert {p: mr["partidos"][p] + rp["partidos"][p] for p in mr["partidos"]} == INE_2024[
        "partidos"
    ]
    for k in ("independientes", "no_registrados", "nulos"):
        assert mr[k] + rp[k] == INE_2024[k]
