"""Reliability: the intake server is killed with SIGKILL in the middle of a burst of uploads.

The real server (gunicorn, several workers) runs in a subprocess against a real database: the
pytest-django PostgreSQL test database when the suite runs on PostgreSQL, its own SQLite file
otherwise. After the kill and a restart, every upload that got a receipt must be there with the
right hash and file, and no partial or temporary file may be visible under the images tree.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.servidor_ople import PYTHONPATH_DEL_ARBOL, base_de_la_prueba

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SETUP = """
import json, django
django.setup()
from datetime import timedelta
from tests.prep.datos_intake import catalogo_con_actas, supervisor
from ople.prep.services import dispositivos
cat = catalogo_con_actas()
codigo = dispositivos.crear_codigo_enrolamiento(
    supervisor=supervisor(), etiqueta="burst", casillas=list(cat.casillas.values()),
    vigencia=timedelta(hours=1))
enrol = dispositivos.enrolar_dispositivo(codigo=codigo, nombre="burst")
actas = [a["clave_acta"] for c in dispositivos.casillas_del_dispositivo(enrol.dispositivo)
         for a in c["actas"]]
print(json.dumps({"token": enrol.token, "actas": actas}))
"""

VERIFY = """
import json, sys, django
django.setup()
from ople.prep.models import Digitalizacion
filas = {str(d.recibo): [d.acta.clave, d.imagen.sha256, d.imagen.ruta, d.version]
         for d in Digitalizacion.objects.select_related("acta", "imagen")}
print(json.dumps(filas))
"""


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _python(script: str, env: dict[str, str]) -> str:
    r = subprocess.run(
        [str(BIN / "python"), "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout.strip().splitlines()[-1]


def _arrancar(env: dict[str, str], puerto: int, log: Path, workers: int = 2) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ople.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{puerto}",
            "--workers",
            str(workers),
            "--threads",
            "4",
        ],
        cwd=REPO,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL reaches master and workers
    )
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        try:
            c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            c.request("GET", "/prep/api/v1/openapi.json")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("el servidor no arrancó: " + log.read_text()[-2000:])


def _matar(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _multipart(datos: bytes, campos: dict[str, str]) -> tuple[bytes, str]:
    limite = uuid.uuid4().hex
    partes = []
    for k, v in campos.items():
        partes.append(
            f'--{limite}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        )
    partes.append(
        f'--{limite}\r\nContent-Disposition: form-data; name="imagen"; filename="a.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + datos
        + f"\r\n--{limite}--\r\n".encode()
    )
    return b"".join(partes), f"multipart/form-data; boundary={limite}"


def _subir(puerto: int, token: str, clave: str, datos: bytes) -> tuple[int, dict]:
    cuerpo, tipo = _multipart(
        datos,
        {"clave_acta": clave, "sha256": hashlib.sha256(datos).hexdigest()},
    )
    c = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
    try:
        c.request(
            "POST",
            "/prep/api/v1/actas",
            body=cuerpo,
            headers={"Content-Type": tipo, "Authorization": f"Bearer {token}"},
        )
        r = c.getresponse()
        return r.status, json.loads(r.read() or b"{}")
    finally:
        c.close()


def _entorno(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        OPLE_VAR_DIR=str(tmp_path / "var"),
        OPLE_MEDIA_ROOT=str(tmp_path / "media"),
        OPLE_SECRET_KEY="prueba-sigkill",
        OPLE_DEBUG="0",
        OPLE_INTAKE_LOTE="1",  # the production path: group commit,
        OPLE_INTAKE_LOTE_COMPARTIDO="1",  # shared by the two workers (on PostgreSQL)
        PYTHONPATH=PYTHONPATH_DEL_ARBOL,
        DJANGO_SETTINGS_MODULE="ople.config.settings",
    )
    return base_de_la_prueba(env, tmp_path / "sigkill.sqlite3")


def test_sigkill_a_media_rafaga_no_pierde_recibos(tmp_path):
    from tests.prep.datos_intake import jpeg

    env = _entorno(tmp_path)
    datos_setup = json.loads(_python(SETUP, env))
    token, actas = datos_setup["token"], datos_setup["actas"]
    puerto = _puerto_libre()
    log = tmp_path / "gunicorn.log"
    servidor = _arrancar(env, puerto, log)

    imagenes = [jpeg(i, ancho=640, alto=480) for i in range(400)]
    recibos: list[tuple[str, str, str]] = []  # (recibo, clave, sha)
    sin_recibo: list[tuple[str, bytes]] = []
    candado = threading.Lock()
    matar_tras = 40
    muerto = threading.Event()

    def trabajador(n: int) -> None:
        for i in range(n, len(imagenes), 8):
            clave = actas[i % len(actas)]
            datos = imagenes[i]
            try:
                estado, cuerpo = _subir(puerto, token, clave, datos)
            except (OSError, http.client.HTTPException, ValueError):
                with candado:
                    sin_recibo.append((clave, datos))
                continue
            if estado in (200, 201):
                assert cuerpo["sha256"] == hashlib.sha256(datos).hexdigest()
                with candado:
                    recibos.append((cuerpo["recibo"], clave, cuerpo["sha256"]))
                    if len(recibos) >= matar_tras and not muerto.is_set():
                        muerto.set()
                        _matar(servidor)
            else:
                with candado:
                    sin_recibo.append((clave, datos))

    hilos = [threading.Thread(target=trabajador, args=(n,)) for n in range(8)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=300)
    if not muerto.is_set():
        _matar(servidor)
    assert len(recibos) >= matar_tras
    assert sin_recibo, "the kill should have interrupted some uploads"

    # Restart: retries of uploads that got a receipt return the same receipt; retries of the
    # interrupted ones are accepted now.
    servidor = _arrancar(env, puerto, log)
    try:
        for recibo, clave, sha in recibos[:5]:
            datos = next(d for d in imagenes if hashlib.sha256(d).hexdigest() == sha)
            estado, cuerpo = _subir(puerto, token, clave, datos)
            assert estado == 200 and cuerpo["recibo"] == recibo and cuerpo["duplicado"]
        for clave, datos in sin_recibo[:10]:
            estado, cuerpo = _subir(puerto, token, clave, datos)
            assert estado in (200, 201), cuerpo
            recibos.append((cuerpo["recibo"], clave, cuerpo["sha256"]))
    finally:
        servidor.send_signal(signal.SIGTERM)
        servidor.wait(timeout=30)

    filas = json.loads(_python(VERIFY, env))
    media = tmp_path / "media"
    for recibo, clave, sha in recibos:
        assert recibo in filas, f"recibo {recibo} perdido"
        clave_bd, sha_bd, ruta, _version = filas[recibo]
        assert (clave_bd, sha_bd) == (clave, sha)
        assert hashlib.sha256((media / ruta).read_bytes()).hexdigest() == sha
    # Versions of one acta are 1..n with no gaps or repeats.
    por_acta: dict[str, list[int]] = {}
    for clave, _sha, _ruta, version in filas.values():
        por_acta.setdefault(clave, []).append(version)
    for versiones in por_acta.values():
        assert sorted(versiones) == list(range(1, len(versiones) + 1))
    # Under the images tree only complete, correctly named files.
    visibles = [p for p in (media / "actas").rglob("*") if p.is_file()]
    assert visibles
    for p in visibles:
        assert p.suffix == ".jpg", p
        assert hashlib.sha256(p.read_bytes()).hexdigest() == p.stem, f"archivo parcial: {p}"
