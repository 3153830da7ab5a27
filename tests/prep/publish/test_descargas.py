"""What a cut's downloads page offers, as a citizen uses it: `ople prep audit` on the ZIP itself
(every results CSV in it audited), a LEEME in the CSV's encoding naming every file of the ZIP,
and one name per concept between the CSV, the JSON and the pages."""

from __future__ import annotations

import json
import zipfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command


def _audit(*args: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("prep_audit", *args, stdout=out, stderr=err)
        codigo = 0
    except SystemExit as e:
        codigo = int(e.code or 0)
    return codigo, out.getvalue() + err.getvalue()


def test_el_zip_publicado_se_audita_entero(cortes_base) -> None:
    _, _, r2, _ = cortes_base
    assert r2.zips
    for rel in r2.zips.values():
        codigo, salida = _audit(str(r2.ruta / rel))
        assert codigo == 0, salida
        assert salida.count("RESULTADO: las 13 cifras publicadas coinciden") == 2  # A and B
        assert "VARIANTE_A" in salida and "CANDIDATURAS" not in salida


def test_un_zip_alterado_falla(cortes_base, tmp_path: Path) -> None:
    _, _, r2, _ = cortes_base
    original = zipfile.ZipFile(r2.ruta / next(iter(r2.zips.values())))
    alterado = tmp_path / "alterado.zip"
    with zipfile.ZipFile(alterado, "w") as z:
        for n in original.namelist():
            datos = original.read(n)
            if n.endswith("VARIANTE_A.csv"):
                lineas = datos.split(b"\n")
                i = next(k for k, ln in enumerate(lineas) if ln.startswith(b"CLAVE_CASILLA"))
                del lineas[i + 1]  # one acta less: the header no longer adds up
                datos = b"\n".join(lineas)
            z.writestr(n, datos)
    codigo, salida = _audit(str(alterado))
    assert codigo == 1 and "DIFERENTE" in salida, salida
    assert _audit(str(tmp_path / "no-existe.zip"))[0] == 2
    vacio = tmp_path / "vacio.zip"
    with zipfile.ZipFile(vacio, "w") as z:
        z.writestr("LEEME.txt", "nada")
    codigo, salida = _audit(str(vacio))
    assert codigo == 2 and "no contiene" in salida


def test_el_leeme_esta_en_utf8_y_nombra_cada_archivo(cortes_base) -> None:
    _, _, r2, _ = cortes_base
    for rel in r2.zips.values():
        z = zipfile.ZipFile(r2.ruta / rel)
        leeme = z.read("LEEME.txt").decode("utf-8")  # the CSVs' encoding
        z.read(next(n for n in z.namelist() if n.endswith(".csv"))).decode("utf-8-sig")
        for n in z.namelist():
            assert n in leeme, n
        assert any("VARIANTE_A" in n for n in z.namelist())


def test_un_nombre_por_concepto_entre_csv_json_y_paginas(cortes_base) -> None:
    """The JSON's vote columns are the CSV's, and no page prints a code in their place."""
    _, _, r2, _ = cortes_base
    meta = json.loads((r2.ruta / "datos/elecciones.json").read_bytes())
    for el in meta["elecciones"]:
        z = zipfile.ZipFile(r2.ruta / el["zip"])
        texto = z.read(el["csv"]).decode("utf-8-sig")
        cabecera = next(ln for ln in texto.splitlines() if ln.startswith("CLAVE_CASILLA"))
        columnas = set(cabecera.replace("|", ",").split(","))
        assert set(el["columnas_votos"]) <= columnas
        entidad = json.loads((r2.ruta / f"datos/{el['clave']}/entidad.json").read_bytes())
        assert list(entidad["votos"]) == el["columnas_votos"]
        pagina = (r2.ruta / el["clave"] / "index.html").read_text("utf-8")
        for codigo in ("NO_REGISTRADOS", "NO_REGISTRADAS", "CAND_IND_1", "C_PAN_PRI"):
            assert f">{codigo}<" not in pagina, codigo
        assert "Candidaturas no registradas" in pagina and "Votos nulos" in pagina
