"""The import contracts in pyproject.toml (`make lint` runs them): the real tree keeps them, and a
copy of the tree with one forbidden arrow added breaks the contract that forbids it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

CAPAS = "Layers: entry points above systems above platform above ley"
SISTEMAS = "Systems are independent: one reads another only through its selectors and"
CICLOS = "A system's services import one another without cycles"
LEY = "ley is pure: no Django"


def _lint_imports(raiz: Path) -> subprocess.CompletedProcess[str]:
    entorno = {**os.environ, "PYTHONPATH": str(raiz / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", str(raiz / "pyproject.toml")],
        cwd=raiz,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def copia(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python sources of ople and the contracts, copied: only the copy is altered."""
    raiz = tmp_path_factory.mktemp("arbol")
    shutil.copy(RAIZ / "pyproject.toml", raiz / "pyproject.toml")
    shutil.copytree(
        RAIZ / "src" / "ople",
        raiz / "src" / "ople",
        ignore=lambda d, nombres: [
            n for n in nombres if not n.endswith(".py") and not (Path(d) / n).is_dir()
        ],
    )
    return raiz


def test_el_arbol_real_cumple_los_contratos():
    r = _lint_imports(RAIZ)
    assert r.returncode == 0, r.stdout + r.stderr
    assert ", 0 broken." in r.stdout


def _con_modulo(copia: Path, ruta: str, codigo: str) -> subprocess.CompletedProcess[str]:
    """lint-imports over the copy with `codigo` as module `ruta`; `a.py|b.py` and `x|y` add two
    modules."""
    archivos = [copia / "src" / "ople" / r for r in ruta.split("|")]
    for archivo, texto in zip(archivos, codigo.split("|"), strict=True):
        archivo.write_text(texto, encoding="utf-8")
    try:
        return _lint_imports(copia)
    finally:
        for archivo in archivos:
            archivo.unlink()


@pytest.mark.parametrize(
    ("ruta", "codigo", "contrato", "flecha"),
    [
        # A system reading another's models instead of its selectors.
        (
            "lookup/fuera.py",
            "from ople.prep.models import Corte\n",
            SISTEMAS,
            "ople.lookup.fuera -> ople.prep.models",
        ),
        # ley importing Django.
        ("ley/fuera.py", "from django.db import models\n", LEY, "ople.ley.fuera -> django"),
        # The platform importing a system (an arrow running back up).
        (
            "core/fuera.py",
            "from ople.simulacro import motor\n",
            CAPAS,
            "ople.core.fuera -> ople.simulacro.motor",
        ),
        # Two of a system's services importing each other (intake <-> lote_compartido was one).
        (
            "prep/services/uno.py|prep/services/otro.py",
            "from ople.prep.services import otro\n|from ople.prep.services import uno\n",
            CICLOS,
            "No cycles are allowed in ople.prep.services.",
        ),
        # ley importing the platform (pure itself, so only the layers break).
        (
            "ley/fuera.py",
            "from ople.core import audit_chain\n",
            CAPAS,
            "ople.ley.fuera -> ople.core.audit_chain",
        ),
    ],
    ids=[
        "sistema-lee-modelos-de-otro",
        "ley-importa-django",
        "core-importa-sistema",
        "ciclo-en-servicios",
        "ley-sube",
    ],
)
def test_una_flecha_prohibida_rompe_su_contrato(copia, ruta, codigo, contrato, flecha):
    r = _con_modulo(copia, ruta, codigo)
    assert r.returncode == 1, r.stdout + r.stderr
    assert " kept, 1 broken." in r.stdout, r.stdout
    rotos = r.stdout.split("Broken contracts", 1)[1]
    titulo = next(ln for ln in rotos.splitlines() if ln.strip() and set(ln) != {"-"})
    assert contrato.startswith(titulo.strip()), rotos  # the one broken contract is this one
    assert flecha in rotos, rotos


def test_la_copia_sin_cambios_y_las_costuras_cumplen(copia):
    """The copy itself passes (so the failures above are the added arrow's), and a system may read
    another through its selectors and ask it to write through its services."""
    assert _lint_imports(copia).returncode == 0
    r = _con_modulo(
        copia,
        "lookup/costura.py",
        "from ople.prep import selectors\nfrom ople.prep.services import acopio\n",
    )
    assert r.returncode == 0, r.stdout
