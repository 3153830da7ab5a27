"""A cut served by Debian's nginx: pages, pointer, images and cache headers."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ople.prep.publish import nginx

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def servidor(cortes_base, tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("nginx no está instalado (apt-get install nginx)")
    raiz, _, r2, entrada = cortes_base
    puerto = puerto_libre()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx.configuracion(raiz=raiz, puerto=puerto, tmp=tmp_path))
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-e", str(tmp_path / "error.log")])
    url = f"http://127.0.0.1:{puerto}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/current.json", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield url, r2, entrada, raiz
    proc.terminate()
    proc.wait(timeout=10)


def test_nginx_sirve_el_corte(servidor):
    url, r2, entrada, raiz = servidor
    directorio = raiz / "cortes" / r2.nombre
    with urllib.request.urlopen(url + "/current.json") as r:
        puntero = json.load(r)
        assert "max-age=5" in r.headers["Cache-Control"]
    req = urllib.request.Request(url + "/current.json", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req) as r:  # the pointer's precompressed copy, as it is
        assert "max-age=5" in r.headers["Cache-Control"]
        assert r.headers["Content-Encoding"] == "gzip"
        assert r.read() == (raiz / "current.json.gz").read_bytes()
    base = f"{url}/{puntero['ruta']}"
    assert puntero["corte"] == r2.nombre
    a = next(a for a in entrada.elecciones[0].actas if a.resultado and a.resultado.sha256)
    for rel in (
        "index.html",
        "GUB/index.html",
        f"secciones/{a.casilla.seccion}.html",
        "descargas.html",
        "verificar.html",
        "datos/GUB/entidad.json",
        f"secciones/{a.casilla.seccion}.html#acta-{a.clave}",
        f"secciones/../../../imagenes/{a.resultado.sha256}.jpg",  # as a sección page links it
        "manifest.sig",
    ):
        req = urllib.request.Request(
            urllib.parse.urljoin(base, rel), headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(req) as r:
            assert r.status == 200, rel
            assert "immutable" in r.headers["Cache-Control"], rel
            cuerpo = r.read()
            if rel.endswith(".html"):
                assert r.headers["Content-Encoding"] == "gzip"
                assert r.headers["Content-Type"].startswith("text/html")
            assert cuerpo
            if rel in ("index.html", "GUB/index.html", "datos/GUB/entidad.json"):
                # the cut's precompressed copy, sent as it is (gzip_static), not compressed again
                assert r.headers["Content-Encoding"] == "gzip"
                assert cuerpo == (directorio / f"{rel}.gz").read_bytes(), rel
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url + "/.indice/" + r2.nombre + ".json")
    assert err.value.code == 404


def test_nginx_envia_la_politica_de_contenido(servidor):
    """The published site answers with ople's Content-Security-Policy; an acta image with the
    one that lets the browser's image viewer style itself (ople.core.csp)."""
    from ople.core import csp

    url, r2, entrada, _ = servidor
    a = next(a for a in entrada.elecciones[0].actas if a.resultado and a.resultado.sha256)
    base = f"{url}/cortes/{r2.nombre}/"
    for ruta, politica in (
        (base + "index.html", csp.BASE),
        (base + "estilo.css", csp.BASE),
        (f"{url}/imagenes/{a.resultado.sha256}.jpg", csp.ampliar(csp.BASE, csp.MEDIOS)),
    ):
        with urllib.request.urlopen(ruta) as r:
            assert r.headers["Content-Security-Policy"] == csp.cabecera(politica), ruta
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url + "/no-existe")
    assert err.value.headers["Content-Security-Policy"] == csp.cabecera(csp.BASE)
