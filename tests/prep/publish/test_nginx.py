"""A cut served by Debian's nginx: pages, pointer, images and cache headers."""

from __future__ import annotations

import gzip
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
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert r.headers["Vary"] == "Accept-Encoding"  # a .gz copy exists: a cache keeps both
    req = urllib.request.Request(url + "/current.json", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req) as r:  # the pointer's precompressed copy, as it is
        assert "max-age=5" in r.headers["Cache-Control"]
        assert r.headers["Content-Encoding"] == "gzip"
        assert r.headers["Vary"] == "Accept-Encoding"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
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
            assert r.headers["X-Content-Type-Options"] == "nosniff", rel
            assert "Access-Control-Allow-Origin" not in r.headers, rel
            cuerpo = r.read()
            if rel.endswith(".html"):
                assert r.headers["Content-Encoding"] == "gzip"
                assert r.headers["Content-Type"].startswith("text/html")
            assert cuerpo
            if rel in ("index.html", "GUB/index.html", "datos/GUB/entidad.json"):
                # the cut's precompressed copy, sent as it is (gzip_static), not compressed again
                assert r.headers["Content-Encoding"] == "gzip"
                assert cuerpo == (directorio / f"{rel}.gz").read_bytes(), rel
                assert r.headers["Vary"] == "Accept-Encoding", rel
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


def _error(url: str) -> urllib.error.HTTPError:
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url)
    return err.value


def test_nginx_un_404_no_se_guarda_en_cache(servidor):
    """A cut's name is predictable (AAAAMMDD_HHMM): a 404 for the next one, cached for a year
    by a CDN, would hide that cut when it is published. Only files that exist are immutable."""
    url, r2, entrada, raiz = servidor
    a = next(a for a in entrada.elecciones[0].actas if a.resultado and a.resultado.sha256)
    for ruta in (
        "/cortes/20991231_2359/index.html",
        "/cortes/20991231_2359/",
        f"/cortes/{r2.nombre}/no-existe.html",
        f"/cortes/{r2.nombre}/manifest-no-existe.sig",
        f"/imagenes/{'0' * 64}.jpg",
        f"/imagenes/{a.resultado.sha256}.png",
        "/otra-cosa",
        "/.indice/" + r2.nombre + ".json",
    ):
        err = _error(url + ruta)
        assert err.code == 404, ruta
        assert err.headers["Cache-Control"] == "no-store", ruta
        assert err.headers["X-Content-Type-Options"] == "nosniff", ruta


def test_nginx_puntero_nuevo_y_ausente(servidor):
    """The publisher replaces the pointer by rename: the next request sees the new one (nginx's
    open file cache kept the old one for a minute), and a missing pointer is not cached."""
    url, r2, entrada, raiz = servidor
    with urllib.request.urlopen(url + "/current.json") as r:
        assert json.load(r)["corte"] == r2.nombre
    for nombre in ("current.json", "current.json.gz"):
        nuevo = raiz / f"{nombre}.tmp"
        nuevo.write_bytes(b"{}" if nombre.endswith(".json") else gzip.compress(b"{}"))
        nuevo.rename(raiz / nombre)
    with urllib.request.urlopen(url + "/current.json") as r:
        assert r.read() == b"{}"
    req = urllib.request.Request(url + "/current.json", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req) as r:
        assert gzip.decompress(r.read()) == b"{}"
    (raiz / "current.json").unlink()
    (raiz / "current.json.gz").unlink()
    err = _error(url + "/current.json")
    assert err.code == 404
    assert err.headers["Cache-Control"] == "no-store"


def test_nginx_vary_sin_gzip(servidor):
    """A client that does not accept gzip gets the page itself, marked as varying by encoding,
    so that a shared cache does not hand it the compressed copy (or the other way round)."""
    url, r2, entrada, raiz = servidor
    base = f"{url}/cortes/{r2.nombre}/"
    for rel in ("index.html", "datos/GUB/entidad.json", "estilo.css"):
        req = urllib.request.Request(base + rel, headers={"Accept-Encoding": "identity"})
        with urllib.request.urlopen(req) as r:
            assert r.headers.get("Content-Encoding") is None, rel
            assert r.headers["Vary"] == "Accept-Encoding", rel
            assert r.read() == (raiz / "cortes" / r2.nombre / rel).read_bytes(), rel


def test_el_proxy_deja_pasar_un_lote_completo_del_catd(tmp_path, settings):
    """The CATD page promises batches of OPLE_CATD_MAX_ARCHIVOS scans in one form: the proxy's
    cap for that page is the app's OPLE_MAX_REQUEST_BYTES, the rest keeps the single-body cap."""
    conf = nginx.configuracion_app(
        puerto=1,
        app="127.0.0.1:2",
        tmp=tmp_path,
        tope_cuerpo=settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        tope_lote=settings.OPLE_MAX_REQUEST_BYTES,
    )
    assert f"client_max_body_size {settings.DATA_UPLOAD_MAX_MEMORY_SIZE};" in conf
    assert (
        f"location /prep/catd/ {{ client_max_body_size {settings.OPLE_MAX_REQUEST_BYTES};" in conf
    )


class _SinRedireccion(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def test_nginx_sirve_el_ultimo_corte_y_su_estado(servidor):
    """ADR 0030: `/cortes/ultimo/` is the current cut (short cache), the old cuts' sheets and the
    list of cuts are short-lived, and the sección search redirects to the latest cut."""
    url, r2, _, raiz = servidor
    with urllib.request.urlopen(url + "/cortes/ultimo/index.html") as r:
        assert r.read() == (raiz / "cortes" / r2.nombre / "index.html").read_bytes()
        assert "max-age=5" in r.headers["Cache-Control"]
    with urllib.request.urlopen(f"{url}/estado/{r2.nombre}.css") as r:
        assert "max-age=5" in r.headers["Cache-Control"]
    with urllib.request.urlopen(url + "/cortes.html") as r:
        assert r2.nombre[:4] in r.read().decode() and "max-age=5" in r.headers["Cache-Control"]
    abridor = urllib.request.build_opener(_SinRedireccion)
    for numero, destino in (
        ("0042", "/cortes/ultimo/secciones/42.html"),
        ("x", "/cortes/ultimo/index.html"),
    ):
        with pytest.raises(urllib.error.HTTPError) as e:
            abridor.open(f"{url}/seccion?numero={numero}")
        assert e.value.code == 302 and e.value.headers["Location"].endswith(destino)
