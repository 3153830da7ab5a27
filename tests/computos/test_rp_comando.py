"""`ople computos rp ENTRADA.json`: the worked examples of legal.md §2.1 and §2.2 through the
command, its errors (Spanish, naming the field, exit 2), and a run with no configuration."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

VOTOS = {"A": 232000, "B": 145000, "C": 81200, "D": 46400, "E": 35300, "F": 22700, "G": 11600}
CONGRESO = {
    "organo": "congreso",
    "escanos": 27,
    "rp": 9,
    "votos": VOTOS,
    "nulos": 18000,
    "no_registrados": 2000,
    "independientes": 5800,
    "mr_independientes": 0,
    "distritos_con_candidatura": dict.fromkeys(VOTOS, 18),
}
EJ1 = {**CONGRESO, "mr": {"A": 12, "B": 4, "C": 2}}
AYUNTAMIENTO = {
    "organo": "ayuntamiento",
    "rp": 4,
    "votos": {"W": 48000, "X": 30000, "Y": 12000, "Z": 6500, "Q": 2500},
    "ganador": "W",
}


def correr(tmp_path: Path, datos: object, *args: str) -> tuple[str, dict]:
    archivo = tmp_path / "entrada.json"
    archivo.write_text(json.dumps(datos), encoding="utf-8")
    out = io.StringIO()
    call_command("computos_rp", str(archivo), *args, stdout=out)
    texto = out.getvalue()
    return texto, json.loads(texto.strip().splitlines()[-1])


def rp_de(resultado: dict) -> dict[str, int]:
    return {p: n for p, n in resultado["rp"].items() if n}


@pytest.mark.parametrize(
    ("datos", "rp", "total"),
    [
        (
            {**CONGRESO, "mr": {"A": 12, "B": 4, "C": 2}},
            {"A": 1, "B": 2, "C": 2, "D": 2, "E": 1, "F": 1},
            {"A": 13, "B": 6, "C": 4, "D": 2},
        ),
        (
            {**CONGRESO, "mr": {"A": 12, "B": 4, "C": 2}, "reglas": {"restar_votos_usados": True}},
            {"A": 1, "B": 3, "C": 2, "D": 1, "E": 1, "F": 1},
            {"A": 13, "B": 7, "C": 4, "D": 1},
        ),
        (
            {**CONGRESO, "mr": {"A": 15, "B": 1, "C": 2}},
            {"B": 4, "C": 2, "D": 1, "E": 1, "F": 1},
            {"A": 15, "B": 5, "C": 4, "D": 1},
        ),
        (
            {**CONGRESO, "mr": {"A": 15, "B": 1, "C": 2}, "reglas": {"restar_votos_usados": True}},
            {"B": 4, "C": 2, "D": 1, "E": 1, "F": 1},
            {"A": 15, "B": 5, "C": 4, "D": 1},
        ),
        (AYUNTAMIENTO, {"X": 2, "Y": 1, "Z": 1}, {"X": 2, "Y": 1, "Z": 1}),
        (
            {**AYUNTAMIENTO, "reglas": {"ganador_participa": True}},
            {"W": 2, "X": 1, "Y": 1},
            {"W": 2, "X": 1, "Y": 1},
        ),
    ],
    ids=[
        "ejemplo1-completos",
        "ejemplo1-restando",
        "ejemplo2-completos",
        "ejemplo2-restando",
        "ayuntamiento-ganador-excluido",
        "ayuntamiento-ganador-incluido",
    ],
)
def test_ejemplos_por_el_comando(tmp_path, datos, rp, total):
    texto, r = correr(tmp_path, datos)
    assert set(r) == {"rp", "total", "pasos"}
    assert rp_de(r) == rp
    assert {p: n for p, n in r["total"].items() if p in total} == total
    assert sum(r["rp"].values()) == datos["rp"]
    tipos = {p["tipo"] for p in r["pasos"]}
    assert {"elegibilidad", "cociente" if datos["organo"] == "congreso" else "resto"} <= tipos
    assert "Σ" in texto and "Rastro:" in texto


def test_el_rastro_del_ejemplo_2_muestra_la_compensacion(tmp_path):
    _, r = correr(tmp_path, {**CONGRESO, "mr": {"A": 15, "B": 1, "C": 2}})
    (comp,) = [p for p in r["pasos"] if p["tipo"] == "compensacion"]
    assert (comp["partido"], comp["cede"], comp["resto"]) == ("B", "D", "46400")
    ronda = next(p for p in r["pasos"] if p["tipo"] == "ronda")
    assert (ronda["votos"], ronda["cociente"]) == ("330600", "82650")


def test_reglas_del_archivo_sobre_el_perfil(tmp_path):
    """A what-if: without limits (banda 1/1) and without the direct seat, A's 41 % takes RP."""
    datos = {
        **CONGRESO,
        "mr": {"A": 12, "B": 4, "C": 2},
        "reglas": {"banda": "1/1", "asignacion_directa": False, "umbral": "0.05"},
    }
    texto, r = correr(tmp_path, datos)
    assert "banda = 1 (100.0000 %)  (reglas del archivo)" in texto
    assert "umbral = 1/20 (5.0000 %)  (reglas del archivo)" in texto  # "0.05" read exactly
    assert "asignacion_directa = false  (reglas del archivo)" in texto
    # 5 % of 580,000 = 29,000: E (35,300) stays in, F (22,700) is out.
    assert r["rp"]["F"] == 0 and r["rp"]["A"] > 1
    assert sum(r["rp"].values()) == 9


def test_municipio_del_perfil(tmp_path):
    datos = {k: v for k, v in AYUNTAMIENTO.items() if k != "rp"}
    texto, r = correr(tmp_path, {**datos, "municipio": "Calvillo"})
    assert sum(r["rp"].values()) == 4  # the profile's cabildo of Calvillo
    assert "Ayuntamiento de Calvillo" in texto


@pytest.mark.parametrize(
    ("datos", "campo"),
    [
        ({**EJ1, "organo": "senado"}, "«organo»"),
        ({**EJ1, "votos": {"A": -1}}, "«votos.A»"),
        ({**EJ1, "votos": {"A": 1.5}}, "«votos.A»"),
        ({**CONGRESO, "mr": {"A": 12, "B": 4, "C": 3}}, "«escanos»"),
        ({**EJ1, "reglas": {"umbral": True}}, "«reglas.umbral»"),
        ({**EJ1, "reglas": {"banda": "8/0"}}, "«reglas.banda»"),
        ({**EJ1, "reglas": {"banda": "3/2"}}, "«reglas.banda»"),
        ({**EJ1, "reglas": {"base_limites": "otra"}}, "«reglas.base_limites»"),
        ({**EJ1, "reglas": {"umbrall": "3/100"}}, "«reglas.umbrall»"),
        ({**EJ1, "reglas": {"tope_escanos": "18"}}, "«reglas.tope_escanos»"),
        ({**EJ1, "extra": 1}, "«extra»"),
        ({**AYUNTAMIENTO, "ganador": "V"}, "«ganador»"),
        ({**AYUNTAMIENTO, "municipio": "Atlantis"}, "«municipio»"),
        ([1, 2], "«ENTRADA»"),
    ],
)
def test_entrada_invalida_sale_con_2_y_nombra_el_campo(tmp_path, datos, campo, capsys):
    archivo = tmp_path / "entrada.json"
    archivo.write_text(json.dumps(datos), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp", str(archivo), stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2
    assert campo in err.getvalue()


def test_json_roto_y_perfil_sin_seccion(tmp_path):
    archivo = tmp_path / "roto.json"
    archivo.write_text('{"organo": ', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp", str(archivo), stderr=err)
    assert exc.value.code == 2 and "no es JSON válido" in err.getvalue()
    archivo.write_text(json.dumps(AYUNTAMIENTO), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp", str(archivo), "--perfil", "ieqroo-2019", stderr=err)
    assert exc.value.code == 2 and "[asignacion]" in err.getvalue()


def test_un_ciudadano_lo_corre_sin_configurar_nada(tmp_path):
    import ople as paquete

    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(Path(paquete.__file__).parents[1]),
    }
    entrada = tmp_path / "ayuntamiento.json"
    entrada.write_text(json.dumps({**AYUNTAMIENTO, "reglas": {"ganador_participa": True}}))
    ople = [sys.executable, "-m", "ople.cli", "computos", "rp"]
    ok = subprocess.run(
        [*ople, str(entrada)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert rp_de(json.loads(ok.stdout.strip().splitlines()[-1])) == {"W": 2, "X": 1, "Y": 1}
    entrada.write_text(json.dumps({**AYUNTAMIENTO, "rp": -4}))
    malo = subprocess.run(
        [*ople, str(entrada)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert malo.returncode == 2 and "«rp»" in malo.stderr and "Traceback" not in malo.stderr
    assert not (tmp_path / "var").exists()


def _repartir(total: int, n: int) -> list[int]:
    return [total // n + (1 if k < total % n else 0) for k in range(n)]


def distritos_del_ejemplo_1() -> list[dict]:
    """legal.md §2.1's statewide figures split over 18 distrital cómputos: A wins 1–12, B 13–16,
    C 17–18; every party registered candidacies in every district."""
    partes = {p: _repartir(v, 18) for p, v in VOTOS.items()}
    nulos, nr, ind = _repartir(18000, 18), _repartir(2000, 18), _repartir(5800, 18)
    ganadores = ["A"] * 12 + ["B"] * 4 + ["C"] * 2
    return [
        {
            "distrito": k + 1,
            "votos": {p: partes[p][k] for p in VOTOS},
            "nulos": nulos[k],
            "no_registrados": nr[k],
            "independientes": ind[k],
            "ganador": ganadores[k],
        }
        for k in range(18)
    ]


def test_desde_los_computos_distritales(tmp_path):
    """The cómputo estatal's sum: the same allocation as from the statewide figures."""
    _, r = correr(tmp_path, {"organo": "congreso", "distritos": distritos_del_ejemplo_1()})
    assert rp_de(r) == {"A": 1, "B": 2, "C": 2, "D": 2, "E": 1, "F": 1}
    assert r["total"]["A"] == 13


@pytest.mark.parametrize(
    ("cambio", "campo"),
    [
        (lambda d: d.pop(6), "faltan los cómputos de los distritos 7"),
        (lambda d: d.append(dict(d[0])), "«distritos[distrito 1]»: el distrito aparece dos veces"),
        (lambda d: d[3].update(ganador="Z"), "«distritos[distrito 4].ganador»"),
        (lambda d: d[3]["votos"].update(A=-5), "«distritos[distrito 4].votos.A»"),
        (lambda d: d[0].update(seccion=1), "«distritos[0].seccion»"),
    ],
)
def test_computos_distritales_invalidos(tmp_path, cambio, campo):
    distritos = distritos_del_ejemplo_1()
    cambio(distritos)
    archivo = tmp_path / "entrada.json"
    archivo.write_text(json.dumps({"organo": "congreso", "distritos": distritos}))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("computos_rp", str(archivo), stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2 and campo in err.getvalue()


def test_distritos_y_cifras_estatales_a_la_vez(tmp_path):
    archivo = tmp_path / "entrada.json"
    archivo.write_text(
        json.dumps({"organo": "congreso", "distritos": distritos_del_ejemplo_1(), "votos": VOTOS})
    )
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("computos_rp", str(archivo), stdout=io.StringIO(), stderr=err)
    assert "«votos»: con «distritos»" in err.getvalue()
