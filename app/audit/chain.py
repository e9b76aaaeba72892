"""Pure rules of the audit chain: canonical hashing and verification of a sequence of events."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """A stable JSON text: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an event's payload."""
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


@dataclass(frozen=True)
class Event:
    """One link of the chain, as stored."""

    height: int
    parent_hash: str
    created_at: str
    actor: str
    action: str
    subject: str
    payload: Mapping[str, Any]
    payload_hash: str
    hash: str


def event_hash(
    height: int,
    parent_hash: str,
    created_at: str,
    actor: str,
    action: str,
    subject: str,
    payload_digest: str,
) -> str:
    """The hash that names an event: SHA-256 over its header fields and its payload's hash."""
    header = {
        "height": height,
        "parent": parent_hash,
        "created_at": created_at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "payload": payload_digest,
    }
    return hashlib.sha256(canonical_json(header).encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """Outcome of verifying a chain: its length, head, and the first broken link if any."""

    ok: bool
    length: int
    head_hash: str
    broken_height: int | None = None
    reason: str = ""


def verify(events: Iterable[Event]) -> Verdict:
    """Recompute every link in height order and report the first one that does not hold."""
    expected_parent = GENESIS_HASH
    expected_height = 1
    count = 0
    for event in events:
        count += 1
        if event.height != expected_height:
            return Verdict(
                False,
                count - 1,
                expected_parent,
                expected_height,
                f"expected event {expected_height} but found {event.height}: "
                "an event was deleted or the log was reordered",
            )
        if event.parent_hash != expected_parent:
            return Verdict(
                False,
                count - 1,
                expected_parent,
                event.height,
                "its parent hash does not name the event before it",
            )
        if payload_hash(event.payload) != event.payload_hash:
            return Verdict(
                False, count - 1, expected_parent, event.height, "its payload was changed"
            )
        recomputed = event_hash(
            event.height,
            event.parent_hash,
            event.created_at,
            event.actor,
            event.action,
            event.subject,
            event.payload_hash,
        )
        if recomputed != event.hash:
            return Verdict(
                False, count - 1, expected_parent, event.height, "its recorded fields were changed"
            )
        expected_parent = event.hash
        expected_height += 1
    return Verdict(True, count, expected_parent)
