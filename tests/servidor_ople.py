"""`ople serve` started for real in a subprocess (for the tests of the server and its proxy)."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import ople

REPO = Path(__file__).resolve().parents[1]
SRC = Path(ople.__file__).resolve().parents[1]  # the code under test, wherever it is imported from
OPLE = [sys.executable, "-m", "ople.cli"]
# A subprocess imports the code under test, not whichever checkout the venv was installed from.
PYTHONPATH_DEL_ARBOL = os.pathsep.join([str(SRC), str(REPO)])


def base_de_la_prueba(env: dict[str, str], archivo: Path) -> dict[str, str]:
    """Point a subprocess's `env` at the test's database: the test's own PostgreSQL database, or
    on SQLite (whose test database is in this process's memory) the file `archivo`, migrated by
    the code under test (`env` must already carry PYTHONPATH_DEL_ARBOL)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
        return env
    env["DATABASE_URL"] = f"sqlite:///{archivo}"
    r = subprocess.run(
        [*OPLE, "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return env


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def entorno(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A server's environment: its own var/, SQLite file and home folder; no test mode."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "OPLE_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        HOME=str(tmp_path / "home"),
        OPLE_VAR_DIR=str(tmp_path / "var"),
        OPLE_MEDIA_ROOT=str(tmp_path / "media"),
        OPLE_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'ople.sqlite3'}",
        PYTHONPATH=PYTHONPATH_DEL_ARBOL,
        DJANGO_SETTINGS_MODULE="ople.config.settings",
    )
    (tmp_path / "home").mkdir(exist_ok=True)
    env.update(extra)
    return env


def esperar(url: str, proc: subprocess.Popen, log: Path, segundos: float = 90) -> None:
    fin = time.monotonic() + segundos
    while time.monotonic() < fin:
        if proc.poll() is not None:
            raise AssertionError(
                f"ople serve terminó ({proc.returncode}): {log.read_text()[-3000:]}"
            )
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"ople serve no respondió en {segundos} s: {log.read_text()[-3000:]}")


@contextlib.contextmanager
def ople_serve(
    env: dict[str, str], *argv: str, log: Path
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `ople serve --port P ARGV...` until the block ends; yields its base URL and process."""
    puerto = puerto_libre()
    with open(log, "ab") as salida:
        proc = subprocess.Popen(
            [*OPLE, "serve", "--port", str(puerto), *argv],
            cwd=REPO,
            env=env,
            stdout=salida,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{puerto}"
    try:
        esperar(url + "/prep/api/v1/openapi.json", proc, log)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
