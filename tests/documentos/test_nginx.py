"""Debian's nginx serves the verification pages with `documentos.nginx.ubicaciones` (ADR 0056)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ople.documentos import nginx, pdf
from ople.documentos.services import emision
from ople.publicacion import sitio_de

pytestmark = pytest.mark.django_db
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DOC = pdf.Documento(
    titulo="Constancia de mayoría",
    lineas=("Planilla ganadora",),
    folio="IEE/CM01/009/2024",
    fecha=datetime(2024, 6, 5, 20, 30, tzinfo=UTC),
)


def _puerto() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read(), r.headers.get("Cache-Control", "")
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers.get("Cache-Control", "")


def test_nginx_sirve_la_pagina_y_el_404(tmp_path, django_capture_on_commit_callbacks):
    if not Path(NGINX).exists():
        pytest.skip("nginx no está instalado")
    with django_capture_on_commit_callbacks(execute=True):
        emision.emitir(DOC, sistema="computos")
    huella = pdf.sha256(DOC)
    puerto = _puerto()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        # as root, workers would run as nobody and not read the test's private directory
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n"
        f"include /etc/nginx/mime.types;\naccess_log off;\n"
        + "".join(
            f"{t}_temp_path {tmp_path}/{t};\n"
            for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"server {{\nlisten 127.0.0.1:{puerto};\n"
        + nginx.ubicaciones(sitio_de("documentos").raiz)
        + "}\n}\n"
    )
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-e", str(tmp_path / "error.log")])
    url = f"http://127.0.0.1:{puerto}/documentos/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "estilo.css", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        estado, cuerpo, cache = _get(url + huella)
        assert estado == 200 and DOC.folio.encode() in cuerpo and "immutable" in cache
        estado, cuerpo, _ = _get(f"{url}almacen/{huella}.json")
        assert estado == 200 and hashlib.sha256(cuerpo).hexdigest() == huella
        estado, cuerpo, cache = _get(url + "0" * 64)
        assert estado == 404 and "no ha emitido ningún documento".encode() in cuerpo
        assert "max-age=60" in cache
        assert _get(url + "current.json")[0] == 200
        assert _get(f"{url}paginas/{huella}.html")[0] == 404  # only by its address
    finally:
        proc.terminate()
        proc.wait(timeout=10)
