"""Each system declares its own settings (its registro.py names a pure function); settings.py
only reads the declarations. A declared setting reaches django.conf.settings with its default and
its environment variable, and two apps cannot declare one name."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from ople.core import registry

SRC = Path(registry.__file__).resolve().parents[1].parent  # src/

# What each system declares: setting -> (variable, default outside tests).
DECLARADOS = {
    "UBICA_LIMITE": ("OPLE_UBICA_LIMITE", 120),
    "UBICA_VENTANA_SEGUNDOS": ("OPLE_UBICA_VENTANA_SEGUNDOS", 60),
    "UBICA_TOLERANCIA_GRADOS": ("OPLE_UBICA_TOLERANCIA_GRADOS", 0.00001),
    "UBICA_MAPA_CALLES_URL": ("OPLE_UBICA_MAPA_CALLES_URL", ""),
    "OPLE_INTAKE_LOTE": ("OPLE_INTAKE_LOTE", True),
    "OPLE_INTAKE_LOTE_COMPARTIDO": ("OPLE_INTAKE_LOTE_COMPARTIDO", True),
    "OPLE_API_CACHE_S": ("OPLE_API_CACHE_S", 5.0),
    "PREP_FOLIO_AREA": ("OPLE_PREP_FOLIO_AREA", "PREP"),
}


def _leer(tmp_path: Path, **variables: str) -> dict[str, object]:
    """django.conf.settings' values of DECLARADOS in a fresh process with only `variables`
    (beside what any process needs) set."""
    env = {k: v for k, v in os.environ.items() if k not in {v for v, _ in DECLARADOS.values()}}
    env.pop("OPLE_TESTING", None)
    env.update(
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="ople.config.settings",
        OPLE_VAR_DIR=str(tmp_path),
        OPLE_SECRET_KEY="x" * 60,
        **variables,
    )
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {sorted(DECLARADOS)!r}}}))"
    )
    salida = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(salida.stdout)


def test_system_settings_reach_django_settings_with_defaults_and_overrides(tmp_path):
    assert _leer(tmp_path) == {n: default for n, (_, default) in DECLARADOS.items()}
    cambiados = _leer(
        tmp_path,
        OPLE_UBICA_LIMITE="7",
        OPLE_UBICA_MAPA_CALLES_URL="https://mapa/{lat},{lon}",
        OPLE_INTAKE_LOTE="0",  # and the shared committer follows it when unset
        OPLE_API_CACHE_S="2.5",
        OPLE_PREP_FOLIO_AREA="UTSI",
    )
    assert cambiados["UBICA_LIMITE"] == 7
    assert cambiados["UBICA_MAPA_CALLES_URL"] == "https://mapa/{lat},{lon}"
    assert cambiados["OPLE_INTAKE_LOTE"] is False
    assert cambiados["OPLE_INTAKE_LOTE_COMPARTIDO"] is False
    assert cambiados["OPLE_API_CACHE_S"] == 2.5
    assert cambiados["PREP_FOLIO_AREA"] == "UTSI"
    assert cambiados["UBICA_VENTANA_SEGUNDOS"] == 60  # untouched


def test_tests_get_the_testing_defaults(monkeypatch):
    for variable in ("OPLE_INTAKE_LOTE", "OPLE_INTAKE_LOTE_COMPARTIDO", "OPLE_API_CACHE_S"):
        monkeypatch.delenv(variable, raising=False)
    declarados = registry.settings(testing=True)
    assert declarados["OPLE_INTAKE_LOTE"] is False
    assert declarados["OPLE_INTAKE_LOTE_COMPARTIDO"] is False
    assert declarados["OPLE_API_CACHE_S"] == 0.0
    assert set(DECLARADOS) <= set(declarados)
    # This process's settings were built from the same declarations.
    assert settings.PREP_FOLIO_AREA == declarados["PREP_FOLIO_AREA"]


def test_two_apps_declaring_one_setting_are_refused(monkeypatch):
    primera, *resto = registry.declarations()
    otra = next(d for d in resto if d.settings)
    repetida = registry.Declaration(app=primera.app, nombre=primera.nombre, settings=otra.settings)
    monkeypatch.setattr(registry, "declarations", lambda: (repetida, *resto))
    with pytest.raises(ValueError, match="está declarado por"):
        registry.settings(testing=True)


def test_no_system_redefines_a_platform_setting():
    arbol = ast.parse((SRC / "ople/config/settings.py").read_text(encoding="utf-8"))
    plataforma = {
        objetivo.id
        for nodo in arbol.body
        if isinstance(nodo, ast.Assign | ast.AnnAssign)
        for objetivo in (nodo.targets if isinstance(nodo, ast.Assign) else [nodo.target])
        if isinstance(objetivo, ast.Name)
    }
    assert {"SECRET_KEY", "OPLE_GROUP_COMMIT", "DOCUMENTOS_FOLIO_FORMATO"} <= plataforma
    assert plataforma.isdisjoint(registry.settings(testing=True))


def test_the_declared_functions_are_pure():
    """settings.py reads them before Django is set up: their modules import no Django."""
    declaradas = [d.settings for d in registry.declarations() if d.settings]
    assert len(declaradas) >= 2
    for dotted in declaradas:
        modulo = dotted.partition(":")[0]
        texto = (SRC / (modulo.replace(".", "/") + ".py")).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) django", texto, re.MULTILINE), modulo
