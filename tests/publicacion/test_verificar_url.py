"""`ople verify URL`: a cut fetched over HTTP from a served site verifies; a tampered one does not.

The site is served by a real HTTP server on the loopback (Python's, as a static server would),
and `ople verify` runs as a citizen runs it: `python -m ople.cli verify URL`, no configuration.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest

from ople.publicacion import publicar, remoto, sitio_de
from ople.publicacion.verificar import verificar_corte

from .conftest import PRUEBA

pytestmark = pytest.mark.django_db(transaction=True)
T0 = datetime(2027, 6, 6, 2, 0, tzinfo=UTC)


@pytest.fixture
def servidor():
    """Serve a directory at http://127.0.0.1:PORT/ (the site's root, as nginx would)."""
    servidores = []

    def servir(raiz):
        manejador = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(raiz))
        manejador.log_message = lambda *a, **k: None
        s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), manejador)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servidores.append(s)
        return f"http://127.0.0.1:{s.server_address[1]}/"

    yield servir
    for s in servidores:
        s.shutdown()


def _dos_cortes():
    sitio = sitio_de("computos")
    pdf = b"%PDF-1.7 constancia"
    nombre = hashlib.sha256(pdf).hexdigest() + ".pdf"
    c1 = publicar(sitio, {"index.html": b"<p>1</p>"}, corte_en=T0, accion=PRUEBA)
    c2 = publicar(
        sitio,
        {"index.html": b"<p>2</p>", "datos/cómputo distrital.csv": b"a,b\n1,2\n"},
        corte_en=T0 + timedelta(minutes=3),
        almacen={nombre: pdf},
        accion=PRUEBA,
    )
    return sitio, c1, c2, nombre


def _verify(*args):
    return subprocess.run(
        [sys.executable, "-m", "ople.cli", "verify", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_verify_url_de_un_corte_y_de_un_sitio(servidor, tmp_path):
    sitio, c1, c2, pdf = _dos_cortes()
    url = servidor(sitio.raiz)
    # in process: the cut's URL, laid out as the site, with the previous manifest for the chain
    d = remoto.descargar(f"{url}cortes/{c2.nombre}/", tmp_path / "a")
    assert d == tmp_path / "a" / "cortes" / c2.nombre
    assert (tmp_path / "a" / "almacen" / pdf).is_file()
    assert (tmp_path / "a" / "cortes" / c1.nombre / "manifest.json").is_file()
    assert verificar_corte(d) == []
    # as a citizen runs it: the site's URL (its pointer names the current cut)
    r = _verify(url, "--descargar-en", str(tmp_path / "b"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"El corte {c2.nombre} es íntegro: firma, cadena, archivos y almacén." in r.stdout


def test_verify_url_de_un_corte_alterado(servidor, tmp_path):
    sitio, c1, c2, pdf = _dos_cortes()
    url = servidor(sitio.raiz)
    (sitio.raiz / "almacen" / pdf).write_bytes(b"otro")
    (c1.ruta / "manifest.json").write_bytes(b"{}")
    r = _verify(f"{url}cortes/{c2.nombre}/", "--descargar-en", str(tmp_path / "b"))
    assert r.returncode == 1 and "NO es íntegro" in r.stdout
    assert f"almacen/{pdf}" in r.stdout and "la cadena no coincide" in r.stdout


def test_verify_url_que_no_existe(servidor, tmp_path):
    url = servidor(tmp_path)
    r = _verify(f"{url}cortes/nada/")
    assert r.returncode == 1 and "No se pudo descargar el corte" in r.stderr


def test_verify_url_de_un_corte_del_prep(servidor, cortes_prep, tmp_path):
    raiz, nombre = cortes_prep
    url = servidor(raiz)
    r = _verify(f"{url}cortes/{nombre}/", "--descargar-en", str(tmp_path / "b"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "firma, cadena, archivos y cifras" in r.stdout


@pytest.fixture
def cortes_prep(tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ople.prep.publish import corte, sintetico

    entrada = sintetico.eleccion_sintetica(
        casillas=30, verificadas=0.8, imagenes=tmp_path / "media", distritos=2, municipios=2
    )
    r = corte.construir_corte(entrada, raiz=tmp_path / "prep", clave=Ed25519PrivateKey.generate())
    return tmp_path / "prep", r.nombre
