"""The platform's one rate limiter: atomic counters in the store every app server shares.

A counter is a name (a scope and a hashed value: ``login:user:<sha256>``) and a fixed window
that starts with the counter's first hit. ``hit`` adds one and returns the new count in a single
atomic operation, so concurrent requests in any worker process or server each get a different
count and no more than ``limit`` of them can see a count within the limit:

- with ``OPLE_REDIS_URL``: a Lua script run by Redis (INCR, and PEXPIRE on the first hit);
- otherwise: the database table ``core_ratecounter`` and one upsert
  (``INSERT … ON CONFLICT … DO UPDATE SET hits = hits + 1 … RETURNING``, SQLite ≥ 3.35 and
  PostgreSQL), one statement that commits at once when called outside a transaction, as the
  views that use it do (inside one, its row would stay locked until that transaction ends).

Never per-process memory: each of ``ople serve``'s workers would count alone. Expired rows are
deleted by the process that hits a counter at most once every ``CLEAN_EVERY_SECONDS``; Redis
expires its keys itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

TABLE = "core_ratecounter"
CLEAN_EVERY_SECONDS = 60.0
REDIS_PREFIX = "ople:limite:"

_HIT_SQL = f"""
INSERT INTO {TABLE} (name, hits, expires_at) VALUES (%s, 1, %s)
ON CONFLICT (name) DO UPDATE SET
    hits = CASE WHEN {TABLE}.expires_at <= %s THEN 1 ELSE {TABLE}.hits + 1 END,
    expires_at = CASE WHEN {TABLE}.expires_at <= %s THEN excluded.expires_at
                      ELSE {TABLE}.expires_at END
RETURNING hits, expires_at
"""

# KEYS[1] the counter, ARGV[1] the window in milliseconds. A key left without an expiry (it
# cannot happen through this script, but a stray one would lock forever) gets the window.
_HIT_LUA = """
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
end
return {n, ttl}
"""

_RELEASE_LUA = """
local v = redis.call('GET', KEYS[1])
if v and tonumber(v) > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class Hit:
    """A counter after one hit: its count in the current window and the seconds left in it."""

    count: int
    retry_after: int

    def over(self, limit: int) -> bool:
        return self.count > limit


def _now() -> float:
    return time.time()


def counter_name(scope: str, value: str) -> str:
    """``scope:<digest>``: values (addresses, user names) are hashed, never stored as given."""
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"{scope}:{digest}"


def _redis_url() -> str:
    return str(getattr(settings, "OPLE_REDIS_URL", "") or "")


_redis_lock = threading.Lock()
_redis: dict[str, Any] = {}


def _redis_scripts() -> tuple[Any, Any]:
    url = _redis_url()
    with _redis_lock:
        if _redis.get("url") != url:
            import redis  # needed only with OPLE_REDIS_URL (Django's Redis cache needs it too)

            client = redis.Redis.from_url(url)
            _redis.clear()
            _redis.update(
                url=url,
                client=client,
                hit=client.register_script(_HIT_LUA),
                release=client.register_script(_RELEASE_LUA),
            )
        return _redis["hit"], _redis["release"]


_last_clean = [0.0]


def hit(name: str, *, window: int) -> Hit:
    """Count one hit of the counter `name` (a window of `window` seconds starts at its first)."""
    window = max(int(window), 1)
    if _redis_url():
        script, _ = _redis_scripts()
        count, ttl_ms = script(keys=[REDIS_PREFIX + name], args=[window * 1000])
        return Hit(int(count), max((int(ttl_ms) + 999) // 1000, 1))
    now = _now()
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL, [name, now + window, now, now])
        count, expires_at = cursor.fetchone()
    if now - _last_clean[0] >= CLEAN_EVERY_SECONDS:
        _last_clean[0] = now
        clean_expired()
    return Hit(int(count), max(int(expires_at - now + 0.999), 1))


def release(name: str) -> None:
    """Give back one hit of `name` (never below zero): an attempt that must not count."""
    if _redis_url():
        _, script = _redis_scripts()
        script(keys=[REDIS_PREFIX + name])
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET hits = hits - 1 WHERE name = %s AND hits > 0 AND expires_at > %s",
            [name, _now()],
        )


def reset(name: str) -> None:
    """Forget the counter `name`: its next hit starts a new window."""
    if _redis_url():
        _redis_scripts()
        _redis["client"].delete(REDIS_PREFIX + name)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE name = %s", [name])


def clean_expired() -> int:
    """Delete the database counters whose window has ended; return how many."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE expires_at <= %s", [_now()])
        return max(int(cursor.rowcount), 0)
