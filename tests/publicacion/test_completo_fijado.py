"""`corte-completo.zip`, pinned byte for byte for each of its two users.

One writer (`disco.escribir_completo`) makes the whole-cut archive of the platform's sites (from
memory, each text file's entry the deflate stream of its gzip copy, ADR 0050) and of the PREP
(from disk, the images streamed from its store, ADR 0054). The pins were taken when each had its
own writer: folding them changed no byte. With a fixed key, time and audit-log head both
archives are deterministic; a change that means to change them retakes the pins and says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ople.core import selectors as core_selectors
from ople.prep.publish import corte, sintetico
from ople.publicacion import disco, publicar, sitio_de
from ople.publicacion.services.publicar import GZIP_PEQUENO
from ople.publicacion.sitio import ruta_clave
from ople.publicacion.verificar import verificar_corte

from .conftest import PRUEBA

CLAVE = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PDF = b"%PDF-1.7 acta de computo"
JPG = b"\xff\xd8\xff\xe0 no es texto" * 50

# sha256 of each archive, taken on the code with two writers (main at a1a2020)
SITIO = "feb0d626fe32823c130c5f76f371e6108ed3ae58f943e0bf59a4199fec7e98ff"
PREP = "4dfbbb9583eeaec118182da6c07323c30f42edf501313047ba56ad23d679000e"


def _sha(p) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_el_archivo_de_un_sitio_no_cambia(monkeypatch):
    ruta = ruta_clave()
    ruta.parent.mkdir(parents=True)
    ruta.write_bytes(
        CLAVE.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    monkeypatch.setattr(core_selectors, "audit_head", lambda: (7, "a" * 64))
    grande = b"".join(f"F{i:05d},{i * 7 % 13},{i % 5}\n".encode() for i in range(GZIP_PEQUENO))
    archivos = {
        "index.html": b'<!doctype html><html lang="es"><title>Corte</title></html>',
        "datos/resultados.csv": b"distrito,votos\n1,100\n",
        "datos/grande.csv": grande,  # gzip level 6 beyond GZIP_PEQUENO
        "datos/logo.png": b"\x89PNG binario",
        "datos/firma.sig": b"sin copia gzip pero desinflado",
        "LÉEME.txt": "ñandú".encode(),
        "vacio.json": b"",
    }
    almacen = {f"{hashlib.sha256(d).hexdigest()}.{e}": d for d, e in ((PDF, "pdf"), (JPG, "jpg"))}
    c = publicar(
        sitio_de("computos"),
        archivos,
        corte_en=datetime(2027, 6, 6, 2, 0, tzinfo=UTC),
        almacen=almacen,
        accion=PRUEBA,
    )
    assert verificar_corte(c.ruta) == []
    assert _sha(c.ruta / disco.COMPLETO) == SITIO


def test_el_archivo_del_prep_no_cambia(tmp_path):
    entrada = sintetico.eleccion_sintetica(
        casillas=24, verificadas=0.8, imagenes=tmp_path / "media", distritos=2, municipios=2
    )
    entrada = dataclasses.replace(entrada, corte_completo=True)
    r = corte.construir_corte(entrada, raiz=tmp_path / "raiz", clave=CLAVE)
    d = tmp_path / "raiz" / "cortes" / r.nombre
    assert verificar_corte(d) == []
    assert _sha(d / disco.COMPLETO) == PREP
