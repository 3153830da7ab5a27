"""`ople computos reparto`: the worked example of legal.md §1.6, in a fresh shell, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ople.computos import reparto
from ople.ley.distribucion import RepartoInvalido
from tests.servidor_ople import PYTHONPATH_DEL_ARBOL

EJEMPLO = {
    "partidos": {"PAN": 20_000, "PRI": 9_500, "PRD": 1_200},
    "combinaciones": {"PAN+PRI+PRD": 1_001, "PAN+PRI": 350, "PAN+PRD": 77, "PRI+PRD": 40},
}


def _ople(tmp_path, *args, entrada=None):
    import os

    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": PYTHONPATH_DEL_ARBOL,
    }
    return subprocess.run(
        [sys.executable, "-m", "ople.cli", "computos", "reparto", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        input=entrada,
    )


def test_ejemplo_sin_configuracion(tmp_path):
    ruta = tmp_path / "entrada.json"
    ruta.write_text(json.dumps(EJEMPLO))
    r = _ople(tmp_path, str(ruta))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == '{"PAN": 20548, "PRI": 10029, "PRD": 1591}'
    assert "333 a cada partido, sobrante 2 a PAN, PRI" in r.stdout
    assert not (tmp_path / "var").exists()


@pytest.mark.parametrize(
    ("entrada", "mensaje"),
    [
        ("no es json", "no es JSON válido"),
        ("[1, 2]", "objeto JSON"),
        ('{"partidos": {}}', "no vacío"),
        ('{"partidos": {"PAN": 1.5}}', "entero no negativo"),
        ('{"partidos": {"PAN": 1}, "combinaciones": {"PAN+PT": 3}}', "sin votación propia"),
        ('{"partidos": {"PAN": 1}, "otra": 1}', "claves desconocidas"),
    ],
)
def test_entrada_mala_en_espanol_y_salida_2(tmp_path, entrada, mensaje):
    r = _ople(tmp_path, "-", entrada=entrada)
    assert r.returncode == 2
    assert mensaje in r.stderr and "Traceback" not in r.stderr


def test_archivo_que_no_existe(tmp_path):
    r = _ople(tmp_path, str(tmp_path / "nada.json"))
    assert r.returncode == 2 and "No se pudo leer" in r.stderr


def test_desempate_explicito():
    r = reparto.leer(
        json.dumps(
            {"partidos": {"A": 1, "B": 1}, "combinaciones": {"A+B": 1}, "desempate": ["B", "A"]}
        )
    )
    assert r.distribuido() == {"A": 1, "B": 2}


@given(
    st.one_of(
        st.text(),
        st.binary(),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda hijos: st.lists(hijos) | st.dictionaries(st.text(), hijos),
            max_leaves=8,
        ).map(json.dumps),
    )
)
def test_cualquier_entrada_da_resultado_o_error_en_espanol(texto):
    try:
        r = reparto.leer(texto)
    except RepartoInvalido as exc:
        assert str(exc)
    else:
        assert sum(r.distribuido().values()) == sum(r.propios.values()) + sum(
            r.combinaciones.values()
        )
