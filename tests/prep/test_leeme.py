"""LEEME.txt is generated from the writer's metadata: every name it lists is in the CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ople import profiles
from ople.ley.tally import CAMPOS_ENCABEZADO
from ople.prep import ine_csv, leeme
from ople.prep import perfil as perfil_prep

S2 = Path(__file__).resolve().parent.parent / "data" / "FerNHK_QROO_DIP_LOC_2019.csv"


@pytest.mark.parametrize("nombre", ["ieqroo-2019", "ieeags-2024"])
def test_leeme_matches_the_csv(nombre: str) -> None:
    perfil = profiles.cargar(nombre)
    prep = perfil_prep.de(perfil)
    base = ine_csv.leer(S2.read_bytes())
    votos = ine_csv.columnas_de_voto(base.columnas)
    columnas = ine_csv.columnas_resultados(prep.csv.columnas, votos)
    formato = ine_csv.FORMATOS[prep.csv.variante]
    texto = leeme.generar(
        perfil=perfil,
        eleccion="DIP_LOC",
        formato=formato,
        columnas=columnas,
        archivo_resultados="X.csv",
        archivo_candidaturas="Y.csv",
    )
    # every column and every header field, numbered in order
    listadas = re.findall(r"^   \d+\. ([A-Z0-9_]+):", texto, flags=re.M)
    assert listadas == [*CAMPOS_ENCABEZADO, *columnas]
    # names S2's LEEME got wrong cannot appear
    assert "ACTAS_FUERA_DE_CATALOGO" not in texto
    assert "PORCENTAJE_ACTAS_CON_INCONSISTENCIAS" not in texto
    assert ("COTEJADA" in texto) == ("COTEJADA" in columnas)
    for etiqueta in set(prep.etiquetas.values()):
        assert f"   {etiqueta}: " in texto
    assert "sha256sum" in texto and "certutil" in texto
    assert prep.desfase_utc in texto
    datos = leeme.a_bytes(texto, formato)
    assert b"\r\n" in datos and b"\n\n" not in datos.replace(b"\r\n", b"")
    # the LEEME is in the encoding of its CSV (UTF-8; with a BOM where the CSV has one)
    assert datos.decode(formato.codificacion).replace("\r\n", "\n") == texto
    assert datos.startswith(b"\xef\xbb\xbf") == (formato.codificacion == "utf-8-sig")


def test_vote_column_kinds() -> None:
    n = perfil_prep.de(profiles.cargar("ieqroo-2019")).csv.columnas
    assert "combinación" in leeme.descripcion_columna("C_PAN_PRD", n)
    assert "independiente" in leeme.descripcion_columna("CAND_IND_1", n)
    assert "partido" in leeme.descripcion_columna("MORENA", n)
    assert (
        leeme.descripcion_columna("PAN", n, {"PAN": "Partido Acción Nacional"})
        == "Partido Acción Nacional"
    )
    a = perfil_prep.de(profiles.cargar("ieeags-2024")).csv.columnas
    assert "combinación" in leeme.descripcion_columna("PAN_PRI_PRD", a)
    assert "partido" in leeme.descripcion_columna("PAN", a)
    assert "no registradas" in leeme.descripcion_columna("NO_REGISTRADAS", a)


def test_s2_leeme_drift_is_what_we_prevent() -> None:
    """S2's own LEEME (cp1252, CRLF) names COTEJADA and two header fields the CSV does not have;
    ours, generated from the writer's column list, names exactly the CSV's."""
    original = (S2.parent / "FerNHK_LEEME.txt").read_bytes().decode("cp1252")
    base = ine_csv.leer(S2.read_bytes())
    nombres_leeme = set(re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", original))
    ajenos = nombres_leeme - set(base.columnas) - set(CAMPOS_ENCABEZADO)
    assert {"ACTAS_FUERA_DE_CATALOGO", "PORCENTAJE_ACTAS_CON_INCONSISTENCIAS"} <= ajenos
    assert "|COTEJADA" in original and "COTEJADA" not in base.columnas
    perfil = profiles.cargar("ieqroo-2019")
    texto = leeme.generar(
        perfil=perfil,
        eleccion="DIP_LOC",
        formato=ine_csv.FORMATO_A,
        columnas=base.columnas,
        archivo_resultados="QROO_DIP_LOC_2019.csv",
        archivo_candidaturas="QROO_DIP_CANDIDATURAS_2019.csv",
    )
    nuestros = set(re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", texto))
    nuestros -= {"QROO_DIP_LOC_2019", "QROO_DIP_CANDIDATURAS_2019", "SHA256", "UTC"}
    assert nuestros <= set(base.columnas) | set(CAMPOS_ENCABEZADO) | {"ACTA_PREP"}
    assert "COTEJADA" not in texto
