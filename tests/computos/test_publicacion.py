"""The published cut (pure), INE's layout and the replay of INE's real 2024 cómputo."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    assert 'lang="es-MX"' in pagina and "<script" not in pagina
    # the consejo lists its pages of casillas by their secciones
    assert '<a href="CD01/secciones/1-2.html">Secciones 1 a 2</a>' in pagina
    casillas = archivos["consejos/CD01/secciones/1-2.html"].decode()
    assert 'id="casilla-A"' in casillas and 'id="casilla-B"' in casillas
    # PRD: 1,000 in the cómputo, absent in the PREP: highlighted, and said in words
    assert '<td class="dif">+1000' in casillas
    assert "difiere del PREP en 6 columnas</b>: PRD +1000" in casillas
    assert "Recontada por C5: los votos nulos son más que la diferencia entre el primer" in casillas
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


def _casilla(clave, seccion, fuente="COTEJO", causales=(), prep=None, momento=""):
    return CasillaPublicada(clave, seccion, {"PAN": 10, "PRI": 5}, fuente, causales, prep, momento)


def _consejo(clave, eleccion, casillas):
    return ComputoPublicado(
        clave=clave,
        nombre=f"Consejo {clave}",
        eleccion=eleccion,
        columnas=("PAN", "PRI"),
        partidos=("PAN", "PRI"),
        combinaciones={},
        candidaturas={"PAN": ("PAN",), "PRI": ("PRI",)},
        desempate=("PAN", "PRI"),
        casillas=tuple(casillas),
    )


_HREF = re.compile(r'href=(?:"([^"]+)"|([^"\s>]+))')
_ID = re.compile(r'id=(?:"([^"]+)"|([^"\s>]+))')


def _enlaces_rotos(archivos):
    """Every link of every page that names no file of the cut, or no anchor of its page."""
    rotos = []
    for rel, datos in archivos.items():
        if not rel.endswith(".html"):
            continue
        for href in map("".join, _HREF.findall(datos.decode())):
            destino, _, ancla = href.partition("#")
            ruta = (
                posixpath.normpath(posixpath.join(posixpath.dirname(rel), destino))
                if destino
                else rel
            )
            if ruta.startswith("../"):  # the site's store (PDFs), outside the cut
                continue
            if ruta not in archivos or (
                ancla and ancla not in map("".join, _ID.findall(archivos[ruta].decode()))
            ):
                rotos.append(f"{rel} → {href}")
    return rotos


def test_paginas_por_seccion_y_casilla():
    """Pages of whole secciones with an anchor per casilla: whether and why it was re-counted
    in words, the PREP's figures, the difference marked beyond colour; every link resolves."""
    casillas = [_casilla(f"S{s}-{i}", s) for s in range(1, 151) for i in range(3)]
    casillas[0] = _casilla("S1-0", 1, "RECUENTO", ("C1", "C7"), prep={"PAN": 12, "PRI": 5})
    casillas[1] = _casilla("S1-1", 1, prep={"PAN": 10, "PRI": 5})
    casillas[2] = _casilla("S1-2", 1, "RECUENTO", momento="TOTAL_FINAL")
    computos = [
        _consejo("CD01", "DIPUTACIONES LOCALES", casillas),
        _consejo("CM01", "AYUNTAMIENTOS", [_casilla("X", 7)]),
    ]
    archivos = publicacion.generar(
        computos, titulo="Cómputos", corte_en=datetime(2024, 6, 5, tzinfo=UTC)
    )
    assert publicacion.verificar(archivos) == []
    paginas = sorted(k for k in archivos if k.startswith("consejos/CD01/secciones/"))
    # 450 casillas: two pages of whole secciones (≤ 300 each), then the ayuntamiento's one
    assert paginas == [
        "consejos/CD01/secciones/1-75.html",
        "consejos/CD01/secciones/76-150.html",
    ]
    assert "consejos/CM01/secciones/7.html" in archivos
    assert _enlaces_rotos(archivos) == []
    pagina = archivos["consejos/CD01/secciones/1-75.html"].decode()
    assert "<script" not in pagina and "http" not in pagina and "style=" not in pagina
    assert '<link rel="stylesheet" href="../../../estilo.css">' in pagina
    # up to the consejo and the election, and on to the next page
    assert '<a href="../../CD01.html">Consejo CD01</a>' in pagina
    assert 'href="../../../index.html#eleccion-diputaciones-locales"' in pagina
    assert '<a href="76-150.html" rel="next">' in pagina
    texto = " ".join(re.sub(r"<[^>]+>", " ", pagina).split())  # what a reader reads
    assert (
        "S1-0 recontada 10 5 PREP 12 5 diferencia -2 0 Recontada por C1: el acta del paquete"
        " no coincide con la copia de la presidencia o de una representación; C7: el paquete"
        " presenta muestras de alteración · ≠ difiere del PREP en 1 columna : PAN -2 S1-1"
    ) in texto
    assert "S1-1 cotejada 10 5 PREP 10 5 diferencia 0 0 = coincide con el PREP S1-2" in texto
    assert (
        "S1-2 recontada 10 5 Recontada por el recuento total pedido al final del cómputo"
        " Sección 2 S2-0 cotejada 10 5 S2-1"
    ) in texto
    assert '<tr id="casilla-S2-0"><th>S2-0<td>cotejada<td>10<td>5<tr' in (
        pagina
    )  # nothing more to say: one row
    assert '<td class="dif">-2' in pagina  # highlighted (and signed)
    assert "Secciones: 1 2 3" in texto and "<a href=#seccion-2>2</a>" in pagina
    indice = archivos["index.html"].decode()
    assert indice.index('id="eleccion-diputaciones-locales"') < indice.index("Consejo CD01")
    assert indice.index('id="eleccion-ayuntamientos"') < indice.index("Consejo CM01")


@given(
    st.lists(st.integers(1, 40), min_size=1, max_size=60),
    st.integers(1, 30),
)
def test_tramos_reparten_secciones_enteras(tamanos, maximo):
    casillas = [_casilla(f"{s}-{i}", s * 3) for s, n in enumerate(tamanos) for i in range(n)]
    paginas = publicacion.tramos(casillas, maximo=maximo)
    vistas = [x for p in paginas for _, xs in p.secciones for x in xs]
    assert sorted(vistas, key=lambda x: x.clave) == sorted(casillas, key=lambda x: x.clave)
    secciones = [s for p in paginas for s, _ in p.secciones]
    assert secciones == sorted(set(secciones))  # each sección once, whole, in order
    for p in paginas:
        n = sum(len(xs) for _, xs in p.secciones)
        assert n <= maximo or len(p.secciones) == 1
    assert len({p.archivo for p in paginas}) == len(paginas)
