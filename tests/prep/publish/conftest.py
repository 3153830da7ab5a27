from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ople.prep.publish import corte, sintetico


@pytest.fixture(scope="session")
def clave() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def cortes_base(tmp_path_factory, clave):
    """Two chained cuts of a small synthetic election (built once per session)."""
    d: Path = tmp_path_factory.mktemp("pub")
    entrada = sintetico.eleccion_sintetica(
        casillas=60, verificadas=0.7, imagenes=d / "media", distritos=3, municipios=4
    )
    r1 = corte.construir_corte(entrada, raiz=d / "raiz", clave=clave)
    e2 = sintetico.eleccion_sintetica(
        casillas=60,
        verificadas=0.9,
        imagenes=d / "media",
        distritos=3,
        municipios=4,
        corte_en=entrada.corte_en + timedelta(minutes=20),
    )
    r2 = corte.construir_corte(e2, raiz=d / "raiz", clave=clave)
    return d / "raiz", r1, r2, e2


@pytest.fixture
def copia_corte(cortes_base, tmp_path):
    """A private copy of both cuts and of the shared image store (tests may damage it)."""
    import shutil

    raiz, r1, r2, _ = cortes_base
    destino = tmp_path / "cortes"
    shutil.copytree(raiz / "cortes", destino)
    shutil.copytree(raiz / corte.IMAGENES, tmp_path / corte.IMAGENES)
    return destino / r1.nombre, destino / r2.nombre


def reemplazar(entrada, **kw):
    return dataclasses.replace(entrada, **kw)
