"""`ople prep replay`: a published database through the real pipeline, and back out as a cut.

The quick test replays a sample of the real QRoo 2019 file chosen to hold every kind of acta
(especiales, sin acta, todos ilegibles, algún dato ilegible, independent candidacies) and checks
every row and the header. The full file (2,136 actas, the issue's must-show) takes a few minutes
of CPU: it runs when OPLE_PRUEBAS_LENTAS=1 (and is what the report's figures come from).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ople.prep import ine_csv
from ople.prep.publish import verificar

DATOS = Path(__file__).resolve().parents[2] / "data" / "FerNHK_QROO_DIP_LOC_2019.csv"
if not DATOS.exists():
    DATOS = Path("/work/shared/data/FerNHK_QROO_DIP_LOC_2019.csv")
PUBLICADO = "2136|2136|0|2136|100.0000|2031|95.0842|23.0337|105|1187254|263005|262598|22.1523"


def _muestra(destino: Path) -> Path:
    lineas = DATOS.read_text("utf-8").splitlines()
    i = next(k for k, ln in enumerate(lineas) if ln.startswith("CLAVE_CASILLA"))
    cols = lineas[i].split("|")
    filas = [ln for ln in lineas[i + 1 :] if ln.strip()]

    def campo(ln: str, c: str) -> str:
        return ln.split("|")[cols.index(c)]

    elegidas: list[str] = []
    cupos = {"S": 4, "SIN ACTA": 6, "TODOS": 4, "ALGUN": 10, "": 12, "CI": 8}
    for ln in filas:
        obs = campo(ln, "OBSERVACIONES")
        tipo = (
            "S"
            if campo(ln, "TIPO_CASILLA") == "S"
            else "SIN ACTA"
            if obs.startswith("SIN ACTA")
            else "TODOS"
            if obs.startswith("TODOS")
            else "ALGUN"
            if obs.startswith("ALGUN")
            else "CI"
            if campo(ln, "ID_DISTRITO") in ("11", "14", "15")
            else ""
        )
        if cupos.get(tipo, 0) > 0:
            cupos[tipo] -= 1
            elegidas.append(ln)
    ruta = destino / "muestra.csv"
    ruta.write_text("\n".join(lineas[: i + 1] + elegidas) + "\n", "utf-8")
    return ruta


def _replay(archivo: Path, salida: Path) -> Path:
    env = {**os.environ, "OPLE_DEMO": "1"}
    env.pop("OPLE_TESTING", None)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "ople.cli",
            "prep",
            "replay",
            str(archivo),
            "--out",
            str(salida),
            "--profile",
            "ieqroo-2019",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    ultima = r.stdout.strip().splitlines()[-1]
    return Path(ultima)


def _comparar_filas(original: ine_csv.BaseDatos, replay: ine_csv.BaseDatos) -> None:
    por_clave = {f["CLAVE_ACTA"]: f for f in replay.filas}
    assert set(por_clave) == {f["CLAVE_ACTA"] for f in original.filas}
    for f in original.filas:
        g = por_clave[f["CLAVE_ACTA"]]
        for c in (
            "CONTABILIZADA",
            "TOTAL_VOTOS_CALCULADO",
            "LISTA_NOMINAL",
            "OBSERVACIONES",
            "FECHA_HORA_VERIFICACION",
            "FECHA_HORA_ACOPIO",
            "TIPO_DOCUMENTO",
            "ORIGEN",
        ):
            assert g[c] == f[c], (f["CLAVE_ACTA"], c, f[c], g[c])


def test_replay_de_una_muestra(tmp_path):
    muestra = _muestra(tmp_path)
    csv = _replay(muestra, tmp_path / "salida")
    assert csv.name == "QROO_DIP_LOC_2019.csv" and csv.is_file()
    original = ine_csv.leer(muestra.read_bytes())
    hecho = ine_csv.leer(csv.read_bytes())
    _comparar_filas(original, hecho)
    esperado = ine_csv.recalcular_encabezado(
        original, actas_esperadas=len(original.filas), corte_final=True
    )
    assert hecho.encabezado_publicado == esperado.valores()
    assert hecho.corte.endswith("(UTC-5)")
    corte = next((tmp_path / "salida" / "publicacion" / "cortes").iterdir())
    assert verificar.verificar_corte(corte) == []
    _tablas_suman(corte)


def _tablas_suman(corte: Path) -> None:
    """Every votes table of every page and every JSON group of the cut adds up to its total
    (also part of `verificar_corte`; here on its own so that it cannot pass on no tables)."""
    paginas = [p for p in corte.rglob("*.html")]
    tablas = sum(p.read_text("utf-8").count('<table class="votos">') for p in paginas)
    # every page but the portada, descargas and verificar: the entidad, each distrito (two:
    # by party and by candidacy), municipio and sección
    assert tablas > len(paginas) - 3
    archivos = sorted(p.relative_to(corte).as_posix() for p in corte.rglob("*") if p.is_file())
    assert verificar.verificar_tablas(corte, archivos) == []


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("OPLE_PRUEBAS_LENTAS") != "1",
    reason="replay completo (2,136 actas, minutos de CPU): OPLE_PRUEBAS_LENTAS=1",
)
def test_replay_completo_reproduce_el_encabezado_publicado(tmp_path):
    csv = _replay(DATOS, tmp_path / "salida")
    hecho = ine_csv.leer(csv.read_bytes())
    assert "|".join(hecho.encabezado_publicado) == PUBLICADO
    _comparar_filas(ine_csv.leer(DATOS.read_bytes()), hecho)
    corte = next((tmp_path / "salida" / "publicacion" / "cortes").iterdir())
    assert verificar.verificar_corte(corte) == []
    _tablas_suman(corte)
