"""Write and verify the audit log: the one owner of its tables. Services call `record` (or
`record_many`) inside their own transaction; a hot path that batches its own SQL on PostgreSQL
(the intake's group commit) joins the statements `head_lock_sql` and `append_sql` to its round
trips with the parameters of `append_params`, and reads nothing of the tables itself.

Every action is declared by the app that records it, in `<app>/audit_actions.py`: a mapping
`ACTIONS` of name (`<app label>.<what>`) to a one-line Spanish description. Recording an
action that no installed app declares raises `UndeclaredAction`.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import json
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection as default_connection
from django.db import transaction
from django.utils import timezone

from . import audit_chain
from .models import AuditEvent, AuditHead
from .sql_insert import documento_json, insertar, sentencia_pg

ACTIONS_MODULE = "audit_actions"


class UndeclaredAction(LookupError):
    """An action no installed app declares: a programming error, never recorded."""


@functools.cache
def declared_actions() -> Mapping[str, str]:
    """Every declared action (name -> Spanish description), from each installed app's
    `audit_actions.ACTIONS`. An app declares only names prefixed by its own label."""
    declared: dict[str, str] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.{ACTIONS_MODULE}"
        if importlib.util.find_spec(name) is None:
            continue
        for action, description in importlib.import_module(name).ACTIONS.items():
            if not action.startswith(f"{config.label}.") or not description.strip():
                raise ImproperlyConfigured(
                    f"{name}: la acción {action!r} debe empezar por {config.label + '.'!r} "
                    "y llevar una descripción"
                )
            declared[action] = description
    return declared


def check_action(action: str) -> None:
    """Raise `UndeclaredAction` unless an installed app declares `action`."""
    if action not in declared_actions():
        app = action.partition(".")[0] or "<app>"
        raise UndeclaredAction(
            f"acción de bitácora no declarada: {action!r}; declárala con su descripción "
            f"en ACTIONS de ople/{app}/{ACTIONS_MODULE}.py"
        )


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _locked_head() -> AuditHead:
    """The chain's head row, locked until the end of the caller's transaction."""
    # One plain statement: this runs for every audited write, under the chain's one lock.
    connection = transaction.get_connection()
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, seq, hash FROM {table} WHERE id = 1{lock}")
        row = cursor.fetchone()
    if row is None:  # the very first event: create the row, then lock it
        AuditHead.objects.get_or_create(id=1)
        return AuditHead.objects.select_for_update().get(id=1)
    return AuditHead.from_db(connection.alias, ["id", "seq", "hash"], row)


def record(
    *,
    actor: Any | None,
    action: str,
    obj: Any | None = None,
    object_type: str = "",
    object_id: str = "",
    before: Any = None,
    after: Any = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record debe llamarse dentro de una transacción")
    check_action(action)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user is not None else "sistema")
    if _deferring():
        # Queued, tied to the current savepoint; appended (head lock) at the end of the block.
        campos = dict(
            actor=user,
            actor_label=label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=_jsonable(before),
            after=_jsonable(after),
        )
        transaction.on_commit(_Deferred(campos))
        return AuditEvent(**campos)
    head = _locked_head()
    event = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor=user,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=_jsonable(before),
        after=_jsonable(after),
        prev_hash=head.hash,
    )
    # Round-trip through JSON so the hash is computed on what the database will return.
    event.hash = audit_chain.event_hash(head.hash, _jsonable(event.content()))
    event.save(force_insert=True)
    head.seq = event.seq
    head.hash = event.hash
    head.save(update_fields=["seq", "hash"])
    return event


# --- deferred appends (docs/decisions/0048) ---------------------------------------------------
#
# The head row stays locked from the append until COMMIT, so every audited transaction of the
# deployment is serialised on it for as long as it holds it. Inside `deferred()`, `record` does
# not lock the head: it queues the event and the block appends every queued event at its end,
# in order, with one head lock (`record_many`), just before the caller's COMMIT. Each queued
# event rides on Django's on-commit list as a no-op callback, so Django's own savepoint
# bookkeeping drops it when the savepoint it was recorded in is rolled back: an event exists if
# and only if its change is committed, as without deferral.

_state = threading.local()


class _Deferred:
    """A queued event (keyword arguments of `record_many`); a no-op once committed."""

    __slots__ = ("event",)

    def __init__(self, event: dict[str, Any]) -> None:
        self.event = event

    def __call__(self) -> None:
        pass


def _deferring() -> bool:
    return bool(getattr(_state, "depth", 0)) and (
        getattr(_state, "alias", None) == transaction.get_connection().alias
    )


def pending() -> list[dict[str, Any]]:
    """The events queued in the current deferred block and not rolled back (in order)."""
    connection = transaction.get_connection()
    return [f.event for _sids, f, _robust in connection.run_on_commit if isinstance(f, _Deferred)]


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Within this block (inside the caller's transaction) `record` queues its events; when the
    block ends without an exception they are appended with one head lock, so the chain's head
    stays locked only from then to the caller's COMMIT. Nested blocks append at the outermost
    one's end. The returned `AuditEvent` of a queued `record` has no `seq` or hash yet."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.deferred debe usarse dentro de una transacción")
    depth = getattr(_state, "depth", 0)
    if depth and getattr(_state, "alias", None) != connection.alias:
        raise RuntimeError("audit.deferred anidado sobre otra base de datos")
    _state.depth = depth + 1
    _state.alias = connection.alias
    try:
        try:
            yield
        except BaseException:
            if depth == 0 and connection.in_atomic_block:
                # Its queued events are dropped: the changes they describe must not commit.
                transaction.set_rollback(True)
            raise
        if depth == 0:
            _state.depth = 0
            events = pending()
            connection.run_on_commit = [
                entry for entry in connection.run_on_commit if not isinstance(entry[1], _Deferred)
            ]
            record_many(events)
    finally:
        _state.depth = depth


def record_many(events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append several events, in order, with one head lock and one insert.

    Each item holds the keyword arguments of `record` (actor, action, obj, ...). The chain is
    exactly what the same `record` calls one after the other would write. Must run inside the
    caller's transaction.
    """
    if not events:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many debe llamarse dentro de una transacción")
    head = _locked_head()
    rows, filas = chain_events(events, head.seq, head.hash)
    # One plain multi-row INSERT of plain rows (not bulk_create: see core/sql_insert.py).
    for event, (pk,) in zip(rows, insertar(AuditEvent, filas), strict=True):
        event.pk = pk
        event._state.adding = False
    connection = transaction.get_connection()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(AuditHead._meta.db_table)} "
            "SET seq = %s, hash = %s WHERE id = 1",
            [rows[-1].seq, rows[-1].hash],
        )
    return rows


# PostgreSQL statements for a caller that sends its own multi-statement round trips (the
# intake's group commit, docs/decisions/0021): the chain's lock, insert and head move stay
# here; the caller only places them. Same order and lock as `record_many`.


@functools.cache
def head_lock_sql() -> str:
    """PostgreSQL: one statement reading the head (`seq`, `hash`) and locking it until the
    end of the transaction; no parameters. No row means an empty log: use `record_many`."""
    table = default_connection.ops.quote_name(AuditHead._meta.db_table)
    return f"SELECT seq, hash FROM {table} WHERE id = 1 FOR UPDATE"


@functools.cache
def append_sql() -> tuple[str, str]:
    """PostgreSQL: the two statements that append events after the locked head — insert the
    rows (one json parameter), move the head (seq, hash) — to be sent with `append_params`."""
    table = default_connection.ops.quote_name(AuditHead._meta.db_table)
    return (
        sentencia_pg(AuditEvent),
        f"UPDATE {table} SET seq = %s::bigint, hash = %s::text WHERE id = 1",
    )


def append_params(events: list[dict[str, Any]], seq: int, prev_hash: str) -> list[Any]:
    """The parameters of `append_sql` for `events` (keyword arguments of `record`, at least
    one) chained after the head read with `head_lock_sql` (`seq`, `prev_hash`)."""
    filas = chain_events(events, seq, prev_hash)[1]
    return [documento_json(AuditEvent, filas), filas[-1]["seq"], filas[-1]["hash"]]


def chain_events(
    events: list[dict[str, Any]], seq: int, prev: str
) -> tuple[list[AuditEvent], list[dict[str, Any]]]:
    """The events (keyword arguments of `record`) chained after the head (`seq`, `prev`): the
    unsaved AuditEvent of each and its plain row for `sql_insert`. Writes nothing; the caller
    holds the head's lock, inserts the rows and moves the head to the last one in the same
    transaction (`record_many` does; so does the intake's group commit on PostgreSQL)."""
    rows: list[AuditEvent] = []
    filas: list[dict[str, Any]] = []
    for item in events:
        check_action(item["action"])
        obj = item.get("obj")
        object_type = item.get("object_type", "")
        object_id = item.get("object_id", "")
        if obj is not None:
            object_type = object_type or obj._meta.label_lower
            object_id = object_id or str(obj.pk)
        actor = item.get("actor")
        user = actor if getattr(actor, "is_authenticated", False) else None
        label = item.get("actor_label", "") or (
            user.get_username() if user is not None else "sistema"
        )
        seq += 1
        event = AuditEvent(
            seq=seq,
            created_at=timezone.now(),
            actor_id=user.pk if user is not None else None,
            actor_label=label,
            action=item["action"],
            object_type=object_type,
            object_id=str(object_id),
            before=_jsonable(item.get("before")),
            after=_jsonable(item.get("after")),
            prev_hash=prev,
        )
        # before/after are already JSON values and the rest are strings and numbers, so the
        # JSON round trip of `record` would return the content unchanged: hash it directly.
        event.hash = audit_chain.event_hash(prev, event.content())
        prev = event.hash
        rows.append(event)
        filas.append(
            {
                "seq": event.seq,
                "created_at": event.created_at,
                "actor_id": event.actor_id,
                "actor_label": event.actor_label,
                "action": event.action,
                "object_type": event.object_type,
                "object_id": event.object_id,
                "before": event.before,
                "after": event.after,
                "prev_hash": event.prev_hash,
                "hash": event.hash,
            }
        )
    return rows, filas


def verify_log() -> audit_chain.ChainBreak | None:
    rows = (
        (e.seq, e.prev_hash, e.hash, _jsonable(e.content()))
        for e in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
    )
    broken = audit_chain.verify(rows)
    if broken is not None:
        return broken
    # The head row names the last event appended through `record`: events removed from the end,
    # or appended behind its back (even with a correctly computed hash), show up here.
    head = AuditHead.objects.filter(id=1).first()
    last = AuditEvent.objects.order_by("-seq").first()
    head_seq = head.seq if head else 0
    last_seq = last.seq if last else 0
    if last_seq < head_seq:
        return audit_chain.ChainBreak(
            last_seq + 1,
            f"se eliminaron eventos al final de la bitácora (la cabeza registra {head_seq})",
        )
    if last_seq > head_seq:
        return audit_chain.ChainBreak(
            head_seq + 1, "evento insertado fuera de la bitácora (posterior a la cabeza)"
        )
    if head is not None and last is not None and head.hash != last.hash:
        return audit_chain.ChainBreak(
            last_seq, "el hash del último evento no coincide con el de la cabeza"
        )
    return None


def check_anchor(seq: int, head_hash: str) -> str | None:
    """Does the log still hold, as event `seq`, the event whose hash was published (a cut's
    signed manifest carries the head at that moment)? None when it does; otherwise why not.
    This catches what the chain alone cannot: the whole table and its head rewritten together."""
    if seq == 0:
        return (
            None if head_hash == "0" * 64 else "la cabeza publicada para 0 eventos no es la inicial"
        )
    event = AuditEvent.objects.filter(seq=seq).only("hash").first()
    if event is None:
        return f"falta el evento #{seq}"
    if event.hash != head_hash:
        return f"el evento #{seq} tiene el hash {event.hash[:16]}…, se publicó {head_hash[:16]}…"
    return None
