"""The platform's rate limiter: atomic counters in the database, or in a real Redis server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.db import connection

from ople.core import limiter
from ople.core.models import RateCounter


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(limiter, "_now", lambda: now[0])
    monkeypatch.setattr(limiter, "_last_clean", [0.0])  # as in a new process
    return now


@pytest.mark.django_db
def test_counts_in_a_window_that_starts_with_the_first_hit(clock, settings):
    settings.OPLE_REDIS_URL = ""
    assert [limiter.hit("x:1", window=60).count for _ in range(3)] == [1, 2, 3]
    clock[0] += 59.5
    h = limiter.hit("x:1", window=60)
    assert (h.count, h.retry_after) == (4, 1) and h.over(3) and not h.over(4)
    clock[0] += 0.5  # the window has ended: a new one starts, counting from 1
    h = limiter.hit("x:1", window=60)
    assert (h.count, h.retry_after) == (1, 60)
    assert limiter.hit("x:2", window=60).count == 1  # counters are independent


@pytest.mark.django_db
def test_release_gives_back_one_hit_and_never_goes_below_zero(clock, settings):
    settings.OPLE_REDIS_URL = ""
    limiter.hit("x:1", window=60)
    limiter.hit("x:1", window=60)
    limiter.release("x:1")
    assert RateCounter.objects.get(name="x:1").hits == 1
    limiter.release("x:1")
    limiter.release("x:1")
    assert RateCounter.objects.get(name="x:1").hits == 0
    assert limiter.hit("x:1", window=60).count == 1
    limiter.reset("x:1")
    assert not RateCounter.objects.filter(name="x:1").exists()


@pytest.mark.django_db
def test_expired_counters_are_cleaned(clock, settings):
    settings.OPLE_REDIS_URL = ""
    limiter.hit("viejo", window=10)
    limiter.hit("nuevo", window=100)
    clock[0] += 10
    assert limiter.clean_expired() == 1
    assert list(RateCounter.objects.values_list("name", flat=True)) == ["nuevo"]
    # A hit cleans by itself once CLEAN_EVERY_SECONDS have passed since the last clean.
    clock[0] += 100 + limiter.CLEAN_EVERY_SECONDS
    limiter.hit("otro", window=100)
    assert list(RateCounter.objects.values_list("name", flat=True)) == ["otro"]


def test_counter_names_hash_the_value():
    name = limiter.counter_name("login:usuario", "ana\x00")
    assert name.startswith("login:usuario:") and "ana" not in name and len(name) <= 80


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_get_distinct_counts(settings):
    """Threads with their own connections hit one counter at once: 1..N, each count once."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is not shared between threads")
    settings.OPLE_REDIS_URL = ""
    counts: list[int] = []
    start = threading.Barrier(12)

    def worker() -> None:
        from django.db import connection as own

        try:
            start.wait()
            for _ in range(20):
                counts.append(limiter.hit("rafaga", window=60).count)
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts) == list(range(1, 241))


@pytest.fixture
def redis_url(tmp_path, settings):
    """A real redis-server on a free port, for the limiter's Redis path."""
    pytest.importorskip("redis", reason="el paquete redis no está instalado")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server no está instalado")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server no arrancó"
                time.sleep(0.05)
        settings.OPLE_REDIS_URL = f"redis://127.0.0.1:{port}/0"
        yield settings.OPLE_REDIS_URL
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_redis_counts_atomically_with_an_expiry(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    counts: list[int] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        for _ in range(25):
            counts.append(limiter.hit("rafaga", window=60).count)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts) == list(range(1, 201))
    assert 59_000 < client.pttl(limiter.REDIS_PREFIX + "rafaga") <= 60_000
    h = limiter.hit("rafaga", window=60)
    assert h.count == 201 and h.retry_after == 60
    limiter.release("rafaga")
    assert int(client.get(limiter.REDIS_PREFIX + "rafaga")) == 200
    limiter.reset("rafaga")
    assert client.get(limiter.REDIS_PREFIX + "rafaga") is None
    assert limiter.hit("rafaga", window=1).count == 1
    time.sleep(1.1)  # Redis expires the key: a new window
    assert limiter.hit("rafaga", window=1).count == 1
    limiter.release("nada")
    assert client.get(limiter.REDIS_PREFIX + "nada") is None


@pytest.mark.django_db
def test_login_uses_redis_when_configured(redis_url, client, settings):
    from ople.core import roles
    from ople.core.testing import make_user

    settings.LOGIN_MAX_ATTEMPTS = 2
    make_user("cap1", roles.CAPTURA)
    for addr in ("10.0.0.1", "10.0.0.2"):
        client.post("/cuenta/entrar/", {"username": "cap1", "password": "x"}, REMOTE_ADDR=addr)
    r = client.post(
        "/cuenta/entrar/",
        {"username": "cap1", "password": "clave-de-prueba-1"},
        REMOTE_ADDR="10.0.0.3",
    )
    assert r.status_code == 429
    assert not RateCounter.objects.exists()  # nothing counted in the database


@pytest.mark.django_db
def test_the_counters_table_is_unlogged_without_a_like_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL has UNLOGGED tables and '_like' indexes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'core_ratecounter'")
        assert cursor.fetchone() == ("u",)
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'core_ratecounter'")
        assert [name for (name,) in cursor.fetchall()] == ["core_ratecounter_pkey"]
