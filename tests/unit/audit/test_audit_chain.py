"""The pure audit chain: hashing is canonical and every kind of tampering is detected."""

from __future__ import annotations

import dataclasses
import json

from app.audit import chain


def build(n: int) -> list[chain.Event]:
    events: list[chain.Event] = []
    parent = chain.GENESIS_HASH
    for height in range(1, n + 1):
        payload = {"n": height, "naam": "Oosterpark"}
        digest = chain.payload_hash(payload)
        created = f"2026-01-01T00:00:{height:02d}+00:00"
        h = chain.event_hash(
            height, parent, created, "user:1", "role.grant", f"user:{height}", digest
        )
        events.append(
            chain.Event(
                height,
                parent,
                created,
                "user:1",
                "role.grant",
                f"user:{height}",
                payload,
                digest,
                h,
            )
        )
        parent = h
    return events


def test_an_untouched_chain_verifies_and_reports_its_head() -> None:
    events = build(5)
    verdict = chain.verify(events)
    assert verdict.ok
    assert verdict.length == 5
    assert verdict.head_hash == events[-1].hash


def test_an_empty_chain_is_valid_with_the_genesis_head() -> None:
    assert chain.verify([]) == chain.Verdict(True, 0, chain.GENESIS_HASH)


def test_an_edited_payload_is_detected_at_its_height() -> None:
    events = build(5)
    events[2] = dataclasses.replace(events[2], payload={"n": 99, "naam": "Oosterpark"})
    verdict = chain.verify(events)
    assert not verdict.ok
    assert verdict.broken_height == 3
    assert "payload" in verdict.reason


def test_an_edited_header_field_is_detected() -> None:
    events = build(4)
    events[1] = dataclasses.replace(events[1], actor="user:2")
    verdict = chain.verify(events)
    assert (verdict.ok, verdict.broken_height) == (False, 2)


def test_a_deleted_event_is_detected() -> None:
    events = build(5)
    del events[2]
    verdict = chain.verify(events)
    assert not verdict.ok
    assert verdict.broken_height == 3
    assert "deleted" in verdict.reason


def test_reordered_events_are_detected() -> None:
    events = build(5)
    events[1], events[2] = events[2], events[1]
    verdict = chain.verify(events)
    assert not verdict.ok
    assert verdict.broken_height == 2


def test_a_rehashed_forgery_still_breaks_the_link_to_its_successor() -> None:
    events = build(4)
    forged = dataclasses.replace(events[1], subject="user:666")
    forged_hash = chain.event_hash(
        forged.height,
        forged.parent_hash,
        forged.created_at,
        forged.actor,
        forged.action,
        forged.subject,
        forged.payload_hash,
    )
    events[1] = dataclasses.replace(forged, hash=forged_hash)
    verdict = chain.verify(events)
    assert (verdict.ok, verdict.broken_height) == (False, 3)


def test_payload_hash_ignores_key_order_but_not_values() -> None:
    assert chain.payload_hash({"a": 1, "b": 2}) == chain.payload_hash({"b": 2, "a": 1})
    assert chain.payload_hash({"a": 1}) != chain.payload_hash({"a": 2})


def _stored(link: chain.Link) -> chain.Event:
    """The event as `verify` reads it back from its stored row."""
    return chain.Event(
        link.height,
        link.parent_hash,
        link.created_at,
        link.actor,
        link.action,
        link.subject,
        json.loads(link.payload),
        link.payload_hash,
        link.hash,
    )


def test_links_made_by_next_link_form_a_chain_that_verifies() -> None:
    """Both appenders (the audit service and the ballot store's batch) build links this way."""
    first = chain.next_link(None, "2026-01-01T00:00:01+00:00", "user:1", "a", "round:1", {"n": 1})
    second = chain.next_link(
        (first.height, first.hash), "2026-01-01T00:00:02+00:00", "user:2", "b", "round:1", {}
    )
    assert (first.height, first.parent_hash) == (1, chain.GENESIS_HASH)
    assert (second.height, second.parent_hash) == (2, first.hash)
    assert chain.verify([_stored(first), _stored(second)]).ok
    assert len(first.values()) == len(chain.COLUMNS)
    assert first.values()[chain.COLUMNS.index("hash")] == first.hash
    tampered = dataclasses.replace(second, payload='{"n":2}')
    assert not chain.verify([_stored(first), _stored(tampered)]).ok
