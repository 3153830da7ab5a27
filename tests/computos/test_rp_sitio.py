"""The public pages of the allocation (pure generator) and the recomputation check: the Congress's
hemicycle, each cabildo, the trail, open data that re-runs to the same result, and a tampered copy
caught; the composition page in headless Chromium."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from ople import profiles
from ople.computos.asignacion import demo, sitio
from ople.computos.asignacion import perfil as perfil_asignacion


@pytest.fixture(scope="module")
def archivos() -> dict[str, bytes]:
    seccion = perfil_asignacion.de(profiles.cargar("ieeags-2024"))
    return sitio.generar(demo.organos(seccion), version="simulación")


def test_paginas_del_congreso_y_de_cada_cabildo(archivos):
    assert "index.html" in archivos
    assert "congreso/index.html" in archivos and "congreso/rastro.html" in archivos
    cabildos = [k for k in archivos if k.startswith("ayuntamiento-") and k.endswith("index.html")]
    assert len(cabildos) == 11
    html = archivos["congreso/index.html"].decode()
    assert (
        '<html lang="es">' in html
        and "<script" not in html
        and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    # 27 seats, each titled with party and principle; the SVG is labelled.
    hemiciclo = html[html.index('<svg class="hemiciclo"') : html.index("</svg>")]
    assert hemiciclo.count("<circle") == 27
    assert "style=" not in html and "<style" not in html  # the site's policy allows no inline style
    assert html.count(": mayoría relativa</title>") == 18
    assert html.count(": representación proporcional</title>") == 9
    assert 'role="img"' in html and "aria-labelledby" in html
    assert "MORENA: 5 (1 MR, 4 RP)" in html  # example 2: compensated to its minimum of 5
    assert "Quién ocupa cada escaño" in html


def test_el_rastro_y_los_datos_abiertos(archivos):
    rastro = archivos["congreso/rastro.html"].decode()
    assert "Compensación" in rastro and "MC cede su escaño de resto" in rastro
    entrada = json.loads(archivos["congreso/entrada.json"])
    assert entrada["reglas"]["banda"] == "2/25" and entrada["reglas"]["umbral"] == "3/100"
    resultado = json.loads(archivos["congreso/resultado.json"])
    assert resultado["total"]["MORENA"] == 5 and resultado["rp"]["MC"] == 1
    csv = archivos["congreso/resultado.csv"].decode().splitlines()
    assert csv[0].startswith("Partido,MR,Directa") and csv[-1].startswith("Σ,18,")


def test_verificar_recalcula_y_detecta_alteraciones(archivos, tmp_path):
    assert sitio.verificar(archivos) == []
    alterado = dict(archivos)
    r = json.loads(alterado["congreso/resultado.json"])
    r["rp"]["MC"], r["rp"]["MORENA"] = 2, 3
    alterado["congreso/resultado.json"] = json.dumps(r).encode()
    entrada = json.loads(alterado["ayuntamiento-calvillo/entrada.json"])
    primero = next(iter(entrada["votos"]))
    entrada["votos"][primero] += 100_000
    alterado["ayuntamiento-calvillo/entrada.json"] = json.dumps(entrada).encode()
    fallas = sitio.verificar(alterado)
    assert "congreso/resultado.json: «rp» no coincide con el recálculo" in fallas
    assert any(f.startswith("ayuntamiento-calvillo/resultado.json") for f in fallas)
    # The same through the command, on a downloaded copy.
    for nombre, contenido in archivos.items():
        (tmp_path / nombre).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / nombre).write_bytes(contenido)
    out = io.StringIO()
    call_command("computos_rp_verificar", str(tmp_path), stdout=out)
    assert "Las 12 asignaciones publicadas coinciden" in out.getvalue()
    (tmp_path / "congreso/resultado.json").write_bytes(alterado["congreso/resultado.json"])
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp_verificar", str(tmp_path), stdout=out)
    assert exc.value.code == 1 and "FALLA congreso/resultado.json" in out.getvalue()


def test_la_entrada_publicada_corre_con_ople_computos_rp(archivos, tmp_path):
    """A citizen downloads entrada.json and runs the command: the same last line."""
    archivo = tmp_path / "entrada.json"
    archivo.write_bytes(archivos["congreso/entrada.json"])
    out = io.StringIO()
    call_command("computos_rp", str(archivo), stdout=out)
    ultima = json.loads(out.getvalue().strip().splitlines()[-1])
    assert ultima == json.loads(archivos["congreso/resultado.json"])


def test_versiones_por_resoluciones_quedan_todas_publicas():
    """Modelled on 2024: the IEE's allocation, a state-court ruling that gives a constancia to a
    suplente, a regional-court ruling that annuls casillas and moves a seat."""
    seccion = perfil_asignacion.de(profiles.cargar("ieeags-2024"))
    archivos = sitio.generar_versiones(demo.versiones(seccion))
    historia = json.loads(archivos["versiones.json"])
    assert [(v["numero"], v["origen"]) for v in historia] == [(1, "IEE"), (2, "TEEA"), (3, "SM")]
    assert historia[0]["cambios"] == []
    (cambio,) = historia[1]["cambios"]
    assert cambio.startswith("Congreso del Estado: escaño 2 de MORENA: ")
    assert historia[2]["cambios"] == ["Congreso del Estado: MORENA 5 → 6, PRI 4 → 3"]
    for n in (1, 2, 3):
        assert f"versiones/{n}/congreso/entrada.json" in archivos
    # The root shows the version in force (the last), and links the history.
    assert archivos["congreso/resultado.json"] == archivos["versiones/3/congreso/resultado.json"]
    assert "Historial de versiones" in archivos["index.html"].decode()
    assert "Tribunal Electoral del Estado de Aguascalientes" in archivos["versiones.html"].decode()
    # Every version of every body re-runs to what is published.
    assert sitio.verificar(archivos) == []
    v2 = json.loads(archivos["versiones/2/congreso/resultado.json"])
    v1 = json.loads(archivos["versiones/1/congreso/resultado.json"])
    assert v1["total"] == v2["total"]  # the ruling changed a person, not the seats
