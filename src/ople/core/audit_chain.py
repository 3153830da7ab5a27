"""Pure hash-chain rules of the audit log (no Django import).

Each event's hash is SHA-256 over a canonical JSON rendering of its content plus the previous
event's hash. Altering, removing or inserting an event breaks the chain from that point on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(content: Mapping[str, Any]) -> bytes:
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def event_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify(events: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> ChainBreak | None:
    """Walk (seq, prev_hash, hash, content) in seq order; return the first break or None.

    Sequence numbers start at 1 and have no gaps, so a removed event is detected by the gap
    and an inserted one by its hash.
    """
    expected_prev = GENESIS
    expected_seq = 1
    for seq, prev_hash, stored_hash, content in events:
        if seq != expected_seq:
            return ChainBreak(
                expected_seq,
                f"falta el evento {expected_seq} (se encontró el {seq}): se eliminó un evento",
            )
        if prev_hash != expected_prev:
            return ChainBreak(seq, "el hash del evento anterior no coincide: cadena alterada")
        if event_hash(prev_hash, content) != stored_hash:
            return ChainBreak(seq, "el contenido del evento no coincide con su hash: fue alterado")
        expected_prev = stored_hash
        expected_seq += 1
    return None
