"""Login attempt limits, kept in the cache (Redis in production, local memory in the demo).

Failed attempts are counted per user name and per client address inside a fixed window of
LOGIN_WINDOW_SECONDS; after LOGIN_MAX_ATTEMPTS failures either key is locked until its window
ends. A success clears the user-name counter only, so one valid account cannot be used to
reset the counter of an address that is guessing other accounts' passwords.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "ople:login:"


def _now() -> float:
    return time.time()


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"{PREFIX}{kind}:{digest}"


def _keys(username: str, address: str) -> list[str]:
    keys = [_key("ip", address or "desconocida")]
    if username:
        keys.append(_key("usuario", username))
    return keys


def seconds_locked(username: str, address: str) -> int:
    """Seconds until a new attempt is allowed (0 when attempts are allowed now)."""
    limit = settings.LOGIN_MAX_ATTEMPTS
    now = _now()
    wait = 0
    for key in _keys(username, address):
        entry = cache.get(key)
        if entry and entry[0] >= limit:
            wait = max(wait, int(entry[1] - now) + 1)
    return max(wait, 0)


def register_failure(username: str, address: str) -> bool:
    """Count one failed attempt; return True when this failure locks the user name or address."""
    window = settings.LOGIN_WINDOW_SECONDS
    limit = settings.LOGIN_MAX_ATTEMPTS
    now = _now()
    locked = False
    for key in _keys(username, address):
        count, expires = cache.get(key) or (0, now + window)
        count += 1
        cache.set(key, (count, expires), timeout=max(int(expires - now), 1))
        locked = locked or count >= limit
    return locked


def register_success(username: str) -> None:
    if username:
        cache.delete(_key("usuario", username))
