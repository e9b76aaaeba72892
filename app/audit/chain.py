"""Pure rules of the audit chain: canonical hashing and verification of a sequence of events."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


def canonical_json(value: object) -> str:
    """A stable JSON text: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload: Mapping[str, object]) -> str:
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
    payload: Mapping[str, object]
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


# The PostgreSQL advisory lock every appender takes (on SQLite the IMMEDIATE write lock does it).
APPEND_LOCK = 727274

# The stored columns of an event, in the order of `Link.values()`.
COLUMNS: tuple[str, ...] = (
    "height",
    "parent_hash",
    "hash",
    "created_at",
    "actor",
    "action",
    "subject",
    "payload",
    "payload_hash",
)


@dataclass(frozen=True)
class Link:
    """A new event as it is stored: the next link after the chain's head."""

    height: int
    parent_hash: str
    hash: str
    created_at: str
    actor: str
    action: str
    subject: str
    payload: str  # canonical JSON
    payload_hash: str

    def values(self) -> tuple[object, ...]:
        """The values in the order of `COLUMNS`."""
        return tuple(getattr(self, column) for column in COLUMNS)


def next_link(
    head: tuple[int, str] | None,
    created_at: str,
    actor: str,
    action: str,
    subject: str,
    payload: Mapping[str, object],
) -> Link:
    """The event after `head` ((height, hash), or None for an empty chain), hashes worked out."""
    height, parent = (0, GENESIS_HASH) if head is None else head
    digest = payload_hash(payload)
    return Link(
        height=height + 1,
        parent_hash=parent,
        hash=event_hash(height + 1, parent, created_at, actor, action, subject, digest),
        created_at=created_at,
        actor=actor,
        action=action,
        subject=subject,
        payload=canonical_json(payload),
        payload_hash=digest,
    )


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


@dataclass(frozen=True)
class Anchor:
    """A point of the chain that a signed record (a certificate) names.

    `height` None: only the hash must still be in the chain. `problem`: the record itself
    failed its own check (e.g. its signature).
    """

    label: str
    hash: str
    height: int | None = None
    problem: str = ""


def check_anchors(heads: Mapping[int, str], anchors: Iterable[Anchor]) -> list[str]:
    """Why the chain (height -> hash) no longer holds what the anchors name (empty when it does).

    Events that were deleted, or edited with every later hash recomputed, change or remove a
    hash that a signed certificate names; an empty chain while certificates exist fails too.
    """
    hashes = set(heads.values())
    length = max(heads, default=0)
    problems: list[str] = []
    for anchor in anchors:
        if anchor.problem:
            problems.append(f"{anchor.label}: {anchor.problem}")
        elif not heads:
            problems.append(f"the chain is empty, but {anchor.label} names event {anchor.hash}")
        elif anchor.height is None:
            if anchor.hash not in hashes:
                problems.append(
                    f"{anchor.label} names event {anchor.hash}, which is not in the chain"
                )
        elif anchor.height > length:
            problems.append(
                f"{anchor.label} names event {anchor.height}, "
                f"but the chain has only {length} events"
            )
        elif anchor.height > 0 and heads.get(anchor.height) != anchor.hash:
            problems.append(f"{anchor.label} names another hash for event {anchor.height}")
    return problems
