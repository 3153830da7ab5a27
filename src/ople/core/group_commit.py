"""Group commit for ordinary ORM services (docs/decisions/0048).

Every audited write appends to the one hash chain (ADR 0004, 0025), whose head row stays locked
until COMMIT, and a durable COMMIT waits for the WAL flush: one write per transaction caps the
whole deployment at about one write per flush, and under load each write queues on the head.
`run(call)` hands a service call to this process's committer thread, which runs every call
waiting at that moment in ONE transaction:

    BEGIN
      SAVEPOINT; call 1 (its own `transaction.atomic()` nests inside); RELEASE   (or ROLLBACK TO)
      SAVEPOINT; call 2 ...
      the audit events the calls recorded, appended in order with one head lock (`record_many`)
    COMMIT
    each caller gets its result (or its exception), only now

* The calls are ordinary services, unchanged: their `audit.record` is deferred
  (`audit.deferred`) and each event is tied to the savepoint it was recorded in, so a call that
  raises rolls back its own writes and its own events and affects no other call of the group.
* If the group cannot commit (the COMMIT, or the audit append, fails), nothing of it was
  written: each call is run again alone, in its own transaction, exactly as without the
  committer. A call used here must therefore be safe to run again after a failed transaction
  (every service is: nothing of it survived), and should be idempotent or refuse a repeat for
  the rare COMMIT whose outcome is unknown (the connection broke during it).
* Never used inside an outer transaction (the call runs directly, in it), on SQLite (every
  write transaction is serialised anyway; the call runs directly), or with
  `OPLE_GROUP_COMMIT` off (the default in tests).
* A call runs in the committer's thread: it must depend only on its arguments (no request, no
  thread-local state such as an activated language or time zone).
* The committer thread never dies of a call's exception; if it is gone (stopped), the next
  `run` starts another. Nothing is acknowledged before its COMMIT, so a process that dies
  loses only unacknowledged work, which its clients send again.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from django import db
from django.conf import settings
from django.db import transaction

from ople.core import audit

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """What one call of a group gave: its value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


class _Aborted(Exception):
    """A call returned but left its savepoint marked for rollback: its writes were undone."""


def _in_savepoint(call: Callable[[], Any]) -> Outcome:
    connection = transaction.get_connection()
    try:
        with transaction.atomic():
            value = call()
            if connection.needs_rollback:
                raise _Aborted("la operación dejó su transacción marcada para deshacerse")
    except Exception as exc:
        return Outcome(error=exc)
    return Outcome(value=value)


def execute_group(calls: list[Callable[[], Any]]) -> list[Outcome]:
    """Run `calls` in one transaction, each in its own savepoint, their audit events appended
    together at the end, then COMMIT; if the group cannot commit, each call alone in its own
    transaction. Returns each call's outcome, in order, after everything is committed. Must not
    run inside a transaction. Any database."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("execute_group no se usa dentro de una transacción")
    try:
        with transaction.atomic(), audit.deferred():
            outcomes = [_in_savepoint(call) for call in calls]
    except Exception:
        # Nothing of the group was written: each call again, alone (its own transaction).
        return [alone(call) for call in calls]
    return outcomes


def alone(call: Callable[[], Any]) -> Outcome:
    """One call in its own transaction, its audit events appended at its end."""
    try:
        with transaction.atomic(), audit.deferred():
            value = call()
    except Exception as exc:
        return Outcome(error=exc)
    return Outcome(value=value)


def enabled() -> bool:
    """Would `run` use the committer here (setting on, PostgreSQL, not in a transaction)?"""
    connection = transaction.get_connection()
    return (
        bool(getattr(settings, "OPLE_GROUP_COMMIT", False))
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def run(call: Callable[[], T]) -> T:
    """`call()` (a service call), committed in a group with whatever else this process is
    writing at the moment when the committer is enabled; directly otherwise. Returns its value
    or raises its exception, after its COMMIT."""
    if not enabled():
        return call()
    result: T = _committer().submit(call).result()
    return result


class Committer:
    """One thread per process writing the calls that wait at each moment as one group."""

    MAX_GROUP = 64

    def __init__(
        self, execute: Callable[[list[Any]], list[Outcome]] | None = None, name: str = ""
    ) -> None:
        # `execute` writes one group and returns each item's outcome, in order (by default the
        # items are service calls and `execute_group` runs them); a system's hot path may pass
        # its own (plain SQL for a group of its writes, say).
        self._execute = execute
        self._queue: queue.SimpleQueue[tuple[Any, Future[Any]] | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._loop, name=name or "group-commit", daemon=True)
        self.thread.start()

    def submit(self, call: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._queue.put((call, future))
        return future

    def stop(self) -> None:
        self._queue.put(None)
        self.thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                db.connections.close_all()
                return
            # Natural batching: what queued while the previous group was being written. A lone
            # call never waits; under load the groups grow by themselves.
            group = [first]
            while len(group) < self.MAX_GROUP:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)
                    break
                group.append(item)
            try:
                db.close_old_connections()
                outcomes = (self._execute or execute_group)([call for call, _f in group])
            except BaseException as exc:  # never let the committer die with callers waiting
                for _call, future in group:
                    future.set_exception(exc)
                continue
            for (_call, future), outcome in zip(group, outcomes, strict=True):
                if outcome.error is not None:
                    future.set_exception(outcome.error)
                else:
                    future.set_result(outcome.value)


_COMMITTER: Committer | None = None
_LOCK = threading.Lock()


def _committer() -> Committer:
    global _COMMITTER
    with _LOCK:
        if _COMMITTER is None or not _COMMITTER.thread.is_alive():
            _COMMITTER = Committer()
        return _COMMITTER


def stop() -> None:
    """Stop this process's committer (tests; it starts again on the next `run`)."""
    global _COMMITTER
    with _LOCK:
        if _COMMITTER is not None:
            _COMMITTER.stop()
            _COMMITTER = None
