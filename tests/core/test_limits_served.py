"""The login and Ubica limits hold in the real server: `ople serve` with 3 worker processes.

Each worker used to count in its own memory, and the login checked a lock before the password
hash and counted the failure after it: 7 passwords were checked before the first 429, and a
16-request burst on one worker checked 7. Here the server runs in a subprocess against a real
database (the pytest-django PostgreSQL test database when the suite runs on PostgreSQL, its own
SQLite file otherwise); the number of passwords checked is read from the audit log (one
`core.login_fallido` or `core.login_bloqueado` event per checked password, `core.login_rechazado`
for an attempt refused unchecked).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.servidor_ople import PYTHONPATH_DEL_ARBOL, base_de_la_prueba

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MAX_ATTEMPTS = 5
UBICA_LIMIT = 10
PASSWORD = "clave-de-prueba-1"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SETUP = """
import django
django.setup()
from ople.prep import roles
from ople.core.testing import make_user
for name in ("victima", "rafaga"):
    make_user(name, roles.CAPTURA)
"""

AUDIT = """
import json, django
django.setup()
from ople.core.models import AuditEvent
rows = AuditEvent.objects.filter(action__startswith="core.login").values_list("action", "after")
print(json.dumps([[action, after] for action, after in rows]))
"""


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
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST") and not k.startswith("OPLE_")
    }
    env.update(
        OPLE_TESTING="1",
        OPLE_VAR_DIR=str(tmp_path / "var"),
        OPLE_MEDIA_ROOT=str(tmp_path / "media"),
        OPLE_SECRET_KEY=secrets.token_urlsafe(50),  # a server refuses a weak one
        OPLE_DEBUG="0",
        OPLE_LOGIN_MAX_ATTEMPTS=str(MAX_ATTEMPTS),
        OPLE_LOGIN_WINDOW_SECONDS="600",
        OPLE_CLIENT_IP_HEADER="X-Real-IP",
        OPLE_UBICA_LIMITE=str(UBICA_LIMIT),
        OPLE_UBICA_VENTANA_SEGUNDOS="600",
        PYTHONPATH=PYTHONPATH_DEL_ARBOL,
        DJANGO_SETTINGS_MODULE="ople.config.settings",
    )
    return base_de_la_prueba(env, tmp_path / "limites.sqlite3")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, method: str, path: str, *, body: str = "", headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        c.request(method, path, body=body or None, headers=headers or {})
        r = c.getresponse()
        return r.status, r.getheader("Set-Cookie") or "", r.read()
    finally:
        c.close()


@pytest.fixture
def server(tmp_path):
    env = _environment(tmp_path)
    _python(SETUP, env)
    port = _free_port()
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [str(BIN / "ople"), "serve", "--port", str(port), "--workers", "3", "--threads", "4"],
        cwd=tmp_path,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _request(port, "GET", "/cuenta/entrar/")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield port, env
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def _csrf(port: int) -> str:
    _, cookie, _ = _request(port, "GET", "/cuenta/entrar/")
    return cookie.split("csrftoken=", 1)[1].split(";", 1)[0]


def _login(port: int, token: str, username: str, password: str, address: str) -> int:
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={token}",
        "X-Real-IP": address,
    }
    return _request(port, "POST", "/cuenta/entrar/", body=body, headers=headers)[0]


def _burst(n: int, call) -> list:
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(call, range(n)))


def _checked(events: list, key: str, value: str) -> Counter:
    return Counter(a for a, after in events if after.get(key) == value)


def test_login_locks_after_exactly_the_limit_across_workers_and_in_a_burst(server):
    port, env = server
    token = _csrf(port)

    # One user name, wrong passwords one after another from new addresses and connections.
    statuses = [_login(port, token, "victima", "mala", f"10.1.0.{i}") for i in range(9)]
    assert statuses == [200] * (MAX_ATTEMPTS - 1) + [429] * (9 - MAX_ATTEMPTS + 1)
    assert _login(port, token, "victima", PASSWORD, "10.1.9.9") == 429

    # Another user name: 16 wrong passwords at the same instant, from 16 addresses.
    statuses = _burst(16, lambda i: _login(port, token, "rafaga", "mala", f"10.2.0.{i}"))
    assert Counter(statuses) == {200: MAX_ATTEMPTS - 1, 429: 16 - MAX_ATTEMPTS + 1}
    assert _login(port, token, "rafaga", PASSWORD, "10.2.9.9") == 429

    # One address, 16 user names at the same instant.
    statuses = _burst(16, lambda i: _login(port, token, f"nadie{i}", "mala", "10.3.0.1"))
    assert Counter(statuses) == {200: MAX_ATTEMPTS - 1, 429: 16 - MAX_ATTEMPTS + 1}

    events = json.loads(_python(AUDIT, env))
    for key, value, refused in (
        ("usuario", "victima", 9 - MAX_ATTEMPTS + 1),
        ("usuario", "rafaga", 16 - MAX_ATTEMPTS + 1),
        ("direccion", "10.3.0.1", 16 - MAX_ATTEMPTS),
    ):
        counts = _checked(events, key, value)
        assert counts["core.login_fallido"] == MAX_ATTEMPTS - 1, (value, counts)
        assert counts["core.login_bloqueado"] == 1, (value, counts)
        assert counts["core.login_rechazado"] == refused, (value, counts)
    assert not any(a == "core.login" for a, _ in events)


def test_ubica_allows_exactly_the_limit_across_workers_and_in_a_burst(server):
    port, _ = server

    def api(address: str) -> int:
        headers = {"X-Real-IP": address}
        return _request(port, "GET", "/api/ubica?seccion=1", headers=headers)[0]

    def page(address: str) -> int:
        headers = {"X-Real-IP": address}
        return _request(port, "GET", "/ubica/?q=Calvillo", headers=headers)[0]

    statuses = _burst(30, lambda i: api("10.4.0.1"))
    assert sum(s != 429 for s in statuses) == UBICA_LIMIT, Counter(statuses)
    statuses = [api("10.4.0.2") for _ in range(UBICA_LIMIT + 5)]
    assert 429 not in statuses[:UBICA_LIMIT] and set(statuses[UBICA_LIMIT:]) == {429}
    statuses = _burst(30, lambda i: page("10.4.0.3"))
    assert sum(s != 429 for s in statuses) == UBICA_LIMIT, Counter(statuses)
    statuses = [page("10.4.0.4") for _ in range(UBICA_LIMIT + 5)]
    assert 429 not in statuses[:UBICA_LIMIT] and set(statuses[UBICA_LIMIT:]) == {429}
