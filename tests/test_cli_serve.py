"""`ople serve` for real: the secret it accepts and the gunicorn control socket."""

from __future__ import annotations

import hashlib
import subprocess
import urllib.request

import pytest

from ople import cli
from tests.servidor_ople import OPLE, REPO, entorno, ople_serve

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("clave", "debil"),
    [
        ("abc", True),
        ("x" * 49, True),
        ("ab" * 40, True),  # long, but two characters repeated
        ("0123456789" * 5, False),
        ("django-insecure-" + "k3j4h5g6f7d8s9a0qwertyuiop" * 2, True),
        (hashlib.sha256(b"ople").hexdigest(), False),  # `openssl rand -hex 32`: 16 distinct
    ],
)
def test_secret_key_weakness(clave, debil):
    assert (cli.secret_key_weakness(clave) is not None) is debil


@pytest.mark.parametrize("clave", ["abc", "contraseña" * 6])
def test_serve_rechaza_una_clave_debil(tmp_path, clave):
    """A 3-character key (or a word repeated) is refused before anything starts: one Spanish
    line, exit code 2, no server."""
    env = entorno(tmp_path, OPLE_SECRET_KEY=clave)
    r = subprocess.run(
        [*OPLE, "serve", "--port", "9"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2, r.stderr[-2000:]
    assert r.stderr.startswith("ople: OPLE_SECRET_KEY es demasiado débil: ")
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "var" / "static").exists()  # refused before collectstatic


def test_la_demo_genera_una_clave_aceptable(tmp_path):
    """The demo's key (made once into var/secret_key) passes the server's check."""
    env = entorno(tmp_path, OPLE_DEMO="1")
    del env["OPLE_SECRET_KEY"]
    script = (
        "import django; django.setup(); from django.conf import settings; from ople import cli;"
        "print(cli.secret_key_weakness(settings.SECRET_KEY))"
    )
    r = subprocess.run(
        [OPLE[0], "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "None"
    assert (tmp_path / "var" / "secret_key").exists()


def test_dos_servidores_no_comparten_socket_de_control(tmp_path):
    """Two `ople serve` of one user on one host: gunicorn's default control socket
    (~/.gunicorn/gunicorn.ctl) was one path for both, and stopping one removed it for the other.
    Each server now runs without it; stopping one leaves the other serving."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    env_a, env_b = entorno(a), entorno(b)
    env_b["HOME"] = env_a["HOME"]  # the same user
    with ople_serve(env_a, "--workers", "1", "--threads", "2", log=a / "serve.log") as (url_a, _):
        with ople_serve(env_b, "--workers", "1", "--threads", "2", log=b / "serve.log") as (
            url_b,
            _,
        ):
            assert not (a / "home" / ".gunicorn").exists()
            urllib.request.urlopen(url_b + "/prep/api/v1/openapi.json", timeout=10).close()
        with urllib.request.urlopen(url_a + "/prep/api/v1/openapi.json", timeout=10) as r:
            assert r.status == 200
    assert not (a / "home" / ".gunicorn").exists()
