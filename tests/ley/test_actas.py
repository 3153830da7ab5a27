"""The acta vocabulary (ople.ley.actas) and the rule that ople/ley/ stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

import ople.ley
from ople.ley import actas

LEY = Path(ople.ley.__file__).parent
FUERA_PERMITIDOS: set[str] = set()  # no import from outside ley/ (pyproject's "ley-pura" too)


def test_los_campos_auxiliares_en_el_orden_del_csv():
    assert actas.CAMPOS_AUXILIARES == (
        "TOTAL_BOLETAS_SOBRANTES",
        "TOTAL_PERSONAS_VOTARON",
        "TOTAL_REP_PARTIDO_CI_VOTARON",
        "TOTAL_VOTOS_SACADOS",
        "TOTAL_VOTOS_ASENTADO",
    )
    assert actas.AUXILIARES_INICIO == actas.CAMPOS_AUXILIARES[:4]
    assert actas.columnas_acta(["PAN", "C_PAN_PRD", "NULOS"]) == (
        *actas.AUXILIARES_INICIO,
        "PAN",
        "C_PAN_PRD",
        "NULOS",
        "TOTAL_VOTOS_ASENTADO",
    )
    assert actas.columnas_acta(()) == actas.CAMPOS_AUXILIARES


def test_cada_campo_tiene_sus_cuatro_textos():
    for campo in actas.AUXILIARES:
        assert actas.AUXILIAR[campo.clave] is campo
        assert campo.etiqueta and campo.encabezado and campo.descripcion.endswith(".")
        assert campo.impreso == campo.impreso.upper()
    asentado = actas.AUXILIAR[actas.TOTAL_ASENTADO]
    assert asentado.etiqueta == "Total de votos asentado en el acta"
    assert asentado.encabezado == "Total de votos asentado"
    assert asentado.impreso == "TOTAL DE VOTOS"


def test_tipos_de_eleccion():
    assert [t.clave for t in actas.TIPOS_ELECCION] == ["GUB", "DIP_LOC", "AYUN"]
    assert actas.CLAVES_ELECCION == {"GUB", "DIP_LOC", "AYUN"}
    assert {t.clave: t.demarcacion for t in actas.TIPOS_ELECCION} == {
        "GUB": "ENTIDAD",
        "DIP_LOC": "DISTRITO_LOCAL",
        "AYUN": "MUNICIPIO",
    }
    assert actas.TIPO_ELECCION["DIP_LOC"].nombre == "DIPUTACIONES LOCALES"


def test_las_opciones_de_django_derivan_del_vocabulario():
    from ople.catalog.models import Demarcacion, Eleccion

    assert Eleccion.Tipo.choices == [
        ("GUB", "Gubernatura"),
        ("DIP_LOC", "Diputaciones locales de mayoría relativa"),
        ("AYUN", "Ayuntamientos"),
    ]
    assert Eleccion.Tipo.GUBERNATURA == "GUB"
    assert Eleccion.Tipo.DIPUTACIONES.label == "Diputaciones locales de mayoría relativa"
    assert Eleccion.Tipo.AYUNTAMIENTOS == "AYUN"
    assert {t.demarcacion for t in actas.TIPOS_ELECCION} <= set(Demarcacion.Tipo.values)


def test_quienes_leen_el_vocabulario_muestran_sus_textos(monkeypatch):
    """The capture form, the published acta table and the LEEME show the vocabulary's texts."""
    from types import SimpleNamespace

    from ople.prep import campos, leeme
    from ople.prep.perfil import Columnas
    from ople.prep.publish import sitio

    # The ballot's options come from the catalog's database; two column names stand for them.
    monkeypatch.setattr(campos, "_opciones", lambda _acta: ["PAN", "NULOS"])
    formulario = campos.campos_de(SimpleNamespace(demarcacion=None))
    assert [(c.clave, c.etiqueta) for c in formulario if c.tipo == "AUXILIAR"] == [
        (c.clave, c.etiqueta) for c in actas.AUXILIARES
    ]
    assert [c.clave for c in formulario] == list(actas.columnas_acta(["PAN", "NULOS"]))
    for c in actas.AUXILIARES:
        assert sitio.ETIQUETAS_CAMPO[c.clave] == c.encabezado
        assert leeme.descripcion_columna(c.clave, Columnas()) == c.descripcion


def _importados(ruta: Path) -> set[str]:
    nombres: set[str] = set()
    for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Import):
            nombres.update(a.name for a in nodo.names)
        elif isinstance(nodo, ast.ImportFrom):
            assert nodo.level == 0, f"{ruta.name}: import relativo"
            nombres.add(nodo.module or "")
    return nombres


def test_ley_es_pura():
    """No module of ople/ley/ imports Django nor any system of ople (prep, catalog, core...)."""
    modulos = sorted(LEY.glob("*.py"))
    assert {m.stem for m in modulos} >= {"actas", "boleta", "plazos", "tally"}
    for modulo in modulos:
        for nombre in _importados(modulo):
            assert not nombre.startswith("django"), (modulo.name, nombre)
            if nombre.startswith("ople"):
                assert nombre.startswith("ople.ley") or nombre in FUERA_PERMITIDOS, (
                    modulo.name,
                    nombre,
                )
    assert (LEY / "README.md").is_file()
