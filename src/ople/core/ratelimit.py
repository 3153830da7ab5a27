"""Login attempt limits, on the platform's rate limiter (ople.core.limiter).

Attempts are counted per user name and per client address inside a window of
LOGIN_WINDOW_SECONDS that starts with the first attempt. An attempt is *taken* (both counters
incremented atomically) before its password is checked, so however the requests are spread
over worker processes and servers, or sent at the same instant, at most LOGIN_MAX_ATTEMPTS
passwords are checked per user name and per address in a window; the attempt that reaches the
limit and fails locks until the window ends. An attempt refused unchecked gives back what it
took (the counters count checked passwords, as when only failures were counted). A success resets the user-name counter and gives back its own attempt
to the address counter, and nothing more, so one valid account cannot be used to reset the
counter of an address that is guessing other accounts' passwords.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from . import limiter


@dataclass(frozen=True)
class Attempt:
    address_counter: str
    user_counter: str  # "" without a user name
    allowed: bool  # within the limit of both counters: the password may be checked
    last: bool  # it reached the limit of a counter: if it fails, it locks
    wait: int  # seconds until the counters at their limit start a new window (0: none is)


def _user_counter(username: str) -> str:
    return limiter.counter_name("login:usuario", username.strip().lower()) if username else ""


def take_attempt(*, username: str, address: str) -> Attempt:
    """Count an attempt of `username` from `address` before its password is checked."""
    limit = settings.LOGIN_MAX_ATTEMPTS
    window = settings.LOGIN_WINDOW_SECONDS
    address_counter = limiter.counter_name("login:ip", address or "desconocida")
    user_counter = _user_counter(username)
    counters = [c for c in (address_counter, user_counter) if c]
    hits = {c: limiter.hit(c, window=window) for c in counters}
    allowed = not any(h.over(limit) for h in hits.values())
    if not allowed:
        for c in hits:
            limiter.release(c)  # refused unchecked: it does not count, as before the limit
    at_limit = [h.retry_after for h in hits.values() if h.count >= limit]
    return Attempt(
        address_counter=address_counter,
        user_counter=user_counter,
        allowed=allowed,
        last=bool(at_limit),
        wait=max(at_limit, default=0),
    )


def register_success(attempt: Attempt) -> None:
    """The attempt's password was right: clear the user name's counter, not the address's."""
    if attempt.user_counter:
        limiter.reset(attempt.user_counter)
    limiter.release(attempt.address_counter)
