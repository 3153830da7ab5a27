"""Debian's nginx as the buffering reverse proxy in front of a real `ople serve`
(ople.prep.publish.nginx.configuracion_app, docs/servir.md)."""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from ople.prep import api
from ople.prep.publish import nginx
from tests.servidor_ople import OPLE, REPO, entorno, ople_serve, puerto_libre

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The app's largest body, as docs/servir.md tells the operator to set it.
TOPE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def proxy(tmp: Path, app: str, **opciones: int) -> Iterator[int]:
    if not Path(NGINX).exists():
        pytest.skip("nginx no está instalado (apt-get install nginx-light)")
    tmp.mkdir(parents=True, exist_ok=True)
    puerto = puerto_libre()
    conf = tmp / "nginx.conf"
    conf.write_text(
        nginx.configuracion_app(
            puerto=puerto, app=app, tmp=tmp, tope_cuerpo=opciones.pop("tope", TOPE), **opciones
        )
    )
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-e", str(tmp / "error.log")])
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", puerto), 1):
                break
            time.sleep(0.05)
        yield puerto
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _cuerpos_lentos(puerto: int, n: int) -> list[socket.socket]:
    """`n` device enrolments (the API's one unauthenticated POST, whose body the app reads
    first) that send their headers and the start of the body, then nothing more."""
    conexiones = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", puerto), timeout=5)
        s.sendall(
            b"POST /prep/api/v1/enrolamiento HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 16000\r\n\r\n"
            b'{"codigo": "'
        )
        conexiones.append(s)
    return conexiones


def _get(puerto: int, ruta: str, timeout: float, **cabeceras: str) -> tuple[int, dict, bytes]:
    c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=timeout)
    try:
        c.request("GET", ruta, headers=cabeceras)
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        c.close()


@pytest.fixture(scope="module")
def servidor(tmp_path_factory):
    """`ople serve` as production runs it by default: 3 workers of 8 threads (24 requests)."""
    tmp = tmp_path_factory.mktemp("serve")
    with ople_serve(entorno(tmp), log=tmp / "serve.log") as (url, _):
        yield url.removeprefix("http://"), tmp


def test_sin_proxy_los_cuerpos_lentos_bloquean_el_servidor(tmp_path):
    """Why the proxy is required: alone, `ople serve` gives each slow body one of its threads.
    One worker of 8 threads, so that where the kernel puts each connection does not matter (with
    3 workers a worker that accepted fewer than 8 of them could still answer)."""
    argv = ("--workers", "1", "--threads", "8")
    with ople_serve(entorno(tmp_path), *argv, log=tmp_path / "serve.log") as (url, _):
        puerto = int(url.rsplit(":", 1)[1])
        lentos = _cuerpos_lentos(puerto, 20)
        try:
            time.sleep(1)
            with pytest.raises(TimeoutError):
                _get(puerto, "/prep/api/v1/openapi.json", timeout=3)
        finally:
            for s in lentos:
                s.close()


def test_con_proxy_150_cuerpos_lentos_no_bloquean(servidor):
    app, tmp = servidor
    with proxy(tmp / "nginx-lentos", app) as puerto:
        lentos = _cuerpos_lentos(puerto, 150)
        try:
            time.sleep(1)
            for _ in range(5):
                inicio = time.monotonic()
                estado, cabeceras, cuerpo = _get(puerto, "/prep/api/v1/openapi.json", timeout=10)
                assert estado == 200
                assert json.loads(cuerpo)["openapi"].startswith("3.")
                assert time.monotonic() - inicio < 2
        finally:
            for s in lentos:
                s.close()


def test_cuerpo_detenido_se_corta_sin_llegar_a_la_app(servidor):
    """A client that stops sending its body is dropped after client_body_timeout (nginx closes
    the connection without an answer)."""
    app, tmp = servidor
    with proxy(tmp / "nginx-detenido", app, espera_cuerpo=2) as puerto:
        (s,) = _cuerpos_lentos(puerto, 1)
        s.settimeout(15)
        inicio = time.monotonic()
        respuesta = b""
        with contextlib.suppress(ConnectionResetError):
            while trozo := s.recv(65536):
                respuesta += trozo
        s.close()
        assert 1.5 < time.monotonic() - inicio < 10
        assert respuesta == b""


@pytest.mark.parametrize(
    ("ruta", "tipo"),
    [("/prep/api/v1/actas", "application/json"), ("/prep/catd/", "text/html; charset=utf-8")],
)
def test_cuerpo_demasiado_grande_en_espanol(servidor, ruta, tipo):
    """Above the app's own cap nginx refuses the body itself, in the app's language and shape."""
    app, tmp = servidor
    with proxy(tmp / f"nginx-grande-{tipo[:4]}", app) as puerto:
        c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=10)
        c.putrequest("POST", ruta)
        c.putheader("Content-Type", "multipart/form-data; boundary=limite")
        c.putheader("Content-Length", str(TOPE + 1))
        c.endheaders()
        r = c.getresponse()
        cuerpo = r.read().decode()
        c.close()
    assert r.status == 413
    assert r.getheader("Content-Type") == tipo
    if tipo == "application/json":
        error = json.loads(cuerpo)["error"]
        assert error["codigo"] == "demasiado_grande"
        assert error["mensaje"] == "La solicitud excede el tamaño máximo permitido."
    else:
        assert '<html lang="es-MX">' in cuerpo and "excede el tamaño máximo" in cuerpo


def test_el_tope_del_proxy_admite_toda_imagen_que_la_app_admite():
    assert settings.OPLE_MAX_IMAGE_BYTES + api._HOLGURA_MULTIPART <= TOPE


def test_app_caida_en_espanol(tmp_path):
    with proxy(tmp_path / "nginx", f"127.0.0.1:{puerto_libre()}") as puerto:
        estado, cabeceras, cuerpo = _get(puerto, "/prep/api/v1/dispositivo", timeout=10)
        assert estado == 502
        assert json.loads(cuerpo)["error"]["codigo"] == "no_disponible"
        estado, cabeceras, cuerpo = _get(puerto, "/prep/", timeout=10)
        assert estado == 502
        assert "no está disponible" in cuerpo.decode()


def test_la_direccion_del_cliente_no_la_elige_el_cliente(tmp_path):
    """Ubica counts requests per client address (the trusted proxy's header): the proxy replaces
    the header, so a client cannot get a fresh count by sending another one. The counters live in
    the database (ople.core.limiter), so the server's database is migrated first."""
    env = entorno(tmp_path, OPLE_UBICA_LIMITE="3", OPLE_CLIENT_IP_HEADER="X-Forwarded-For")
    subprocess.run([*OPLE, "migrate", "--noinput"], env=env, cwd=REPO, check=True, timeout=300)
    argv = ("--workers", "1", "--threads", "2")
    with ople_serve(env, *argv, log=tmp_path / "serve.log") as (url, _):
        with proxy(tmp_path / "nginx", url.removeprefix("http://")) as puerto:
            estados = [
                _get(puerto, "/api/ubica", timeout=10, **{"X-Forwarded-For": f"10.0.0.{i}"})[0]
                for i in range(5)
            ]
    assert estados[:3] == [400, 400, 400]  # counted (no parameters: 400), then limited
    assert estados[3:] == [429, 429]
