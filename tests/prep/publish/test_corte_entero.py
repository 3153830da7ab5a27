"""A PREP cut offers itself whole (issue 18, ADR 0054): its file list `archivos.txt`, always, and
`corte-completo.zip` when the profile says so. A citizen downloads every file the list names
over HTTP into an empty folder (as `wget -x -nH -nc -i URL` does), and `ople verify` on that
folder passes; one byte changed in a downloaded file fails it, naming the file.

The cut is served by Debian's nginx as production serves it (Python's own HTTP server when nginx
is not installed), by Django's demo serving under `/prep/`, and fetched with urllib and, where it
is installed, with the real `wget`. Everything stays on the loopback.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ople.prep.publish import corte, nginx, sintetico
from ople.prep.publish.verificar import verificar_corte
from ople.publicacion import disco, manifiesto

from .test_nginx import NGINX, puerto_libre

LISTA = disco.LISTA
COMPLETO = disco.COMPLETO


def _verify(*args: str) -> subprocess.CompletedProcess[str]:
    """`ople verify` as a citizen runs it: a new process, no configuration."""
    return subprocess.run(
        [sys.executable, "-m", "ople.cli", "verify", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def servidor(tmp_path):
    """Serve a publication root on the loopback: nginx with the PREP's configuration, or
    Python's static server where nginx is not installed. Yields a function raiz -> base URL."""
    procesos, servidores = [], []

    def servir(raiz: Path) -> str:
        if Path(NGINX).exists():
            puerto = puerto_libre()
            tmp = tmp_path / f"nginx-{puerto}"
            tmp.mkdir()
            conf = tmp / "nginx.conf"
            conf.write_text(nginx.configuracion(raiz=raiz, puerto=puerto, tmp=tmp))
            procesos.append(subprocess.Popen([NGINX, "-c", str(conf), "-e", str(tmp / "e.log")]))
            url = f"http://127.0.0.1:{puerto}/"
            for _ in range(100):
                try:
                    urllib.request.urlopen(url + "current.json", timeout=1)
                    break
                except OSError:
                    time.sleep(0.05)
            return url
        manejador = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(raiz))
        manejador.log_message = lambda *a, **k: None  # type: ignore[method-assign]
        s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), manejador)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servidores.append(s)
        return f"http://127.0.0.1:{s.server_address[1]}/"

    yield servir
    for p in procesos:
        p.terminate()
        p.wait(timeout=10)
    for s in servidores:
        s.shutdown()


def descargar_lista(url_lista: str, destino: Path, abrir=None) -> int:
    """What `wget -x -nH -nc -i URL_LISTA` does: fetch the list, resolve each line against the
    list's own URL, save each file at its URL's path under `destino` (folders as in the address,
    without the host). The number of files written."""

    def por_http(u: str) -> bytes:
        with urllib.request.urlopen(u, timeout=30) as r:
            return bytes(r.read())

    abrir = abrir or por_http
    n = 0
    for linea in abrir(url_lista).decode("utf-8").splitlines():
        if not linea.strip():
            continue
        url = urllib.parse.urljoin(url_lista, linea)
        ruta = destino / urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
        assert destino.resolve() in ruta.resolve().parents, url
        if ruta.exists():  # -nc
            continue
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_bytes(abrir(url))
        n += 1
    return n


def _lineas(d: Path) -> list[str]:
    return (d / LISTA).read_text("utf-8").splitlines()


def test_la_lista_nombra_cada_archivo_del_corte_y_cada_imagen(cortes_base):
    raiz, r1, r2, _ = cortes_base
    for r in (r1, r2):
        d = raiz / "cortes" / r.nombre
        man = manifiesto.Manifiesto.de_bytes((d / "manifest.json").read_bytes())
        assert LISTA in man.archivos  # listed and signed
        lineas = _lineas(d)
        propios = [x for x in lineas if not x.startswith("../")]
        assert propios == sorted([*man.archivos, "manifest.json", "manifest.sig"])
        assert [x for x in lineas if x.startswith("../")] == [
            f"../../imagenes/{n}" for n in sorted(man.imagenes)
        ]
        assert COMPLETO not in lineas and not (d / COMPLETO).exists()  # off by default
        # the downloads page links the cut's own list, with its counts, and says how to use it
        html = (d / "descargas.html").read_text("utf-8")
        assert f'href="../{r.nombre}/{LISTA}"' in html
        assert f"{len(propios):,} archivos" in html and f"{len(man.imagenes):,} imágenes" in html
        assert "wget -x -nH -nc -i" in html and f"ople verify prep/cortes/{r.nombre}" in html
        assert "no se ofrece como un solo archivo ZIP" in html
        assert verificar_corte(d) == []


def test_la_lista_no_depende_de_la_ruta_base(cortes_base):
    """Every line is relative to the list (as every link of the cut is): the same list serves a
    cut under /prep/cortes/ (the demo) and under /cortes/ (nginx, a CDN)."""
    raiz, _, r2, _ = cortes_base
    for linea in _lineas(raiz / "cortes" / r2.nombre):
        assert not re.match(r"^[a-z]+:|^/", linea), linea
        for base in ("https://h/prep/cortes/X/archivos.txt", "https://h/cortes/X/archivos.txt"):
            u = urllib.parse.urlsplit(urllib.parse.urljoin(base, linea))
            assert u.netloc == "h" and ("/cortes/X/" in u.path or "/imagenes/" in u.path)


def test_descargar_la_lista_por_http_y_verificar(cortes_base, servidor, tmp_path):
    """The must-show of issue 18: every file named in archivos.txt downloaded over HTTP into an
    empty folder, then `ople verify` on it passes; one byte changed fails it, naming the file."""
    raiz, r1, r2, _ = cortes_base
    url = servidor(raiz)
    destino = tmp_path / "ciudadano"
    destino.mkdir()
    n = descargar_lista(f"{url}cortes/{r2.nombre}/{LISTA}", destino)
    d = destino / "cortes" / r2.nombre
    assert n == len(_lineas(raiz / "cortes" / r2.nombre))
    assert (destino / "imagenes").is_dir()
    r = _verify(str(d))
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"El corte {r2.nombre} es íntegro" in r.stdout
    # the previous cut's list into the same folder: its own files, the images it shares skipped
    n1 = descargar_lista(f"{url}cortes/{r1.nombre}/{LISTA}", destino)
    assert n1 < len(_lineas(raiz / "cortes" / r1.nombre))
    assert _verify(str(destino / "cortes" / r1.nombre)).returncode == 0
    assert _verify(str(d)).returncode == 0  # now with its chain checked too
    # one byte changed in a downloaded sección page
    pagina = next(p for p in sorted((d / "secciones").iterdir()) if p.suffix == ".html")
    datos = bytearray(pagina.read_bytes())
    i = datos.index(b"<main")
    datos[i + 1] = ord("M")
    pagina.write_bytes(bytes(datos))
    r = _verify(str(d))
    assert r.returncode == 1, r.stdout
    assert f"secciones/{pagina.name}: SHA-256" in r.stdout, r.stdout


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget no está instalado")
def test_wget_de_la_lista_y_verificar(cortes_base, servidor, tmp_path):
    """The command the downloads page gives, with the real wget."""
    raiz, _, r2, _ = cortes_base
    url = servidor(raiz)
    destino = tmp_path / "wget"
    destino.mkdir()
    orden = ["wget", "-q", "-x", "-nH", "-nc", "-i", f"{url}cortes/{r2.nombre}/{LISTA}"]
    p = subprocess.run(orden, cwd=destino, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    d = destino / "cortes" / r2.nombre
    r = _verify(str(d))
    assert r.returncode == 0, r.stdout + r.stderr
    # run again (an interrupted download resumed): -nc leaves what is there, nothing extra
    p = subprocess.run(orden, cwd=destino, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and _verify(str(d)).returncode == 0
    imagen = next((destino / "imagenes").iterdir())
    imagen.write_bytes(imagen.read_bytes()[:-1] + b"\x00")
    r = _verify(str(d))
    assert r.returncode == 1 and f"imagenes/{imagen.name}" in r.stdout, r.stdout


@pytest.mark.django_db
def test_la_lista_bajo_prep_en_la_demostracion(cortes_base, client, settings, tmp_path):
    """Django's demo serving (/prep/cortes/…, /prep/imagenes/…): the same list, resolved
    against its address there, fetches a cut that verifies."""
    raiz, _, r2, _ = cortes_base
    settings.PUBLISH_ROOT = raiz

    def abrir(u: str) -> bytes:
        r = client.get(urllib.parse.urlsplit(u).path)
        assert r.status_code == 200, u
        return b"".join(r.streaming_content) if r.streaming else r.content

    destino = tmp_path / "demo"
    descargar_lista(f"http://testserver/prep/cortes/{r2.nombre}/{LISTA}", destino, abrir)
    assert verificar_corte(destino / "prep" / "cortes" / r2.nombre) == []


@pytest.fixture(scope="module")
def corte_con_zip(tmp_path_factory):
    d = tmp_path_factory.mktemp("zip")
    entrada = sintetico.eleccion_sintetica(
        casillas=24, verificadas=0.8, imagenes=d / "media", distritos=2, municipios=2
    )
    entrada = dataclasses.replace(entrada, corte_completo=True)
    r = corte.construir_corte(entrada, raiz=d / "raiz", clave=Ed25519PrivateKey.generate())
    return d / "raiz", r


def test_el_corte_completo_se_descomprime_y_verifica(corte_con_zip, tmp_path):
    raiz, r = corte_con_zip
    d = raiz / "cortes" / r.nombre
    assert verificar_corte(d) == []  # the archive is checked against the manifest in place
    html = (d / "descargas.html").read_text("utf-8")
    assert f'href="../{r.nombre}/{COMPLETO}"' in html and f"ople verify cortes/{r.nombre}" in html
    assert COMPLETO not in _lineas(d)  # not in the list: its files are
    with zipfile.ZipFile(d / COMPLETO) as z:
        nombres = z.namelist()
        assert f"cortes/{r.nombre}/manifest.sig" in nombres
        assert sum(n.startswith("imagenes/") for n in nombres) == r.imagenes
        z.extractall(tmp_path / "desempacado")
    res = _verify(str(tmp_path / "desempacado" / "cortes" / r.nombre))
    assert res.returncode == 0, res.stdout + res.stderr


def test_un_corte_completo_alterado_falla(corte_con_zip, tmp_path):
    raiz, r = corte_con_zip
    copia = tmp_path / "raiz"
    shutil.copytree(raiz / "cortes", copia / "cortes")
    shutil.copytree(raiz / "imagenes", copia / "imagenes")
    d = copia / "cortes" / r.nombre
    ruta = d / COMPLETO
    with (
        zipfile.ZipFile(raiz / "cortes" / r.nombre / COMPLETO) as z,
        zipfile.ZipFile(ruta, "w") as nuevo,
    ):
        for info in z.infolist():
            datos = z.read(info)
            if info.filename == f"cortes/{r.nombre}/index.html":
                datos = datos.replace(b"PREP", b"PREF", 1)
            nuevo.writestr(info, datos)
    fallas = [str(f) for f in verificar_corte(d)]
    assert fallas == [
        f"{COMPLETO}: cortes/{r.nombre}/index.html no tiene el SHA-256 del manifiesto"
    ]
