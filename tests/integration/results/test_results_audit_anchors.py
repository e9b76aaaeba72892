"""Signed certificates anchor the audit chain: `audit verify` notices deletion and rewriting.

Issue 10: `wijkstem audit verify` reported ok after the last five events were dropped, after
every event was deleted, and after an event was edited with every later hash recomputed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from app.audit import chain, services
from app.audit.tables import AuditEvent
from tests.integration.results.test_results_export import certified

Counted = Callable[..., Awaitable[tuple[int, int]]]
MakeUser = Callable[..., Awaitable[Any]]


@asynccontextmanager
async def tampering() -> AsyncIterator[list[dict[str, Any]]]:
    """The whole stored chain now, put back exactly after the block tampers with it."""
    rows: list[dict[str, Any]] = await AuditEvent.select().order_by(AuditEvent.height)
    try:
        yield rows
    finally:
        await AuditEvent.delete(force=True)
        for start in range(0, len(rows), 200):
            await AuditEvent.insert(*[AuditEvent(**row) for row in rows[start : start + 200]])
    assert chain.verify(services._to_event(row) for row in rows).ok


async def mine(round_id: int) -> list[str]:
    """The anchor problems about this round's certificates (other tests make fake ones)."""
    return [p for p in await services.anchor_problems() if f"(round {round_id})" in p]


async def _rewrite_from(rows: list[dict[str, Any]], height: int) -> None:
    """Edit the event at `height` and recompute its hash and every later one (a full forgery)."""
    parent = chain.GENESIS_HASH if height == 1 else str(rows[height - 2]["hash"])
    for row in rows[height - 1 :]:
        payload = chain.canonical_json({"forged": True}) if row["height"] == height else None
        digest = chain.payload_hash({"forged": True}) if payload else str(row["payload_hash"])
        new_hash = chain.event_hash(
            int(row["height"]),
            parent,
            str(row["created_at"]),
            str(row["actor"]),
            str(row["action"]),
            str(row["subject"]),
            digest,
        )
        values: dict[Any, Any] = {AuditEvent.parent_hash: parent, AuditEvent.hash: new_hash}
        if payload:
            values.update({AuditEvent.payload: payload, AuditEvent.payload_hash: digest})
        await AuditEvent.update(values).where(AuditEvent.id == row["id"])
        parent = new_hash


async def test_dropping_the_newest_events_is_noticed(
    counted_round: Counted, make_user: MakeUser
) -> None:
    round_id = await certified(counted_round, make_user, counting_rule="greedy")
    assert await mine(round_id) == []
    async with tampering() as rows:
        for row in rows[-5:]:
            await AuditEvent.delete().where(AuditEvent.id == row["id"])
        verdict = await services.verify_chain()
        problems = await mine(round_id)
    assert not verdict.ok and problems


async def test_an_empty_chain_with_certificates_is_noticed(
    counted_round: Counted, make_user: MakeUser
) -> None:
    round_id = await certified(counted_round, make_user, counting_rule="greedy")
    async with tampering():
        await AuditEvent.delete(force=True)
        verdict = await services.verify_chain()
        problems = await mine(round_id)
        cli = subprocess.run(
            [sys.executable, "-m", "app", "audit", "verify"],
            capture_output=True,
            text=True,
            check=False,
        )
    assert not verdict.ok and "empty" in verdict.reason and problems
    assert cli.returncode == 1 and "empty" in cli.stdout


async def test_an_edit_with_every_later_hash_recomputed_is_noticed(
    counted_round: Counted, make_user: MakeUser
) -> None:
    from ballots.results import queries

    round_id = await certified(counted_round, make_user, counting_rule="greedy")
    certificate = await queries.current_certificate(round_id)
    assert certificate is not None
    anchored = int(certificate.body["audit_head"]["height"])
    assert await mine(round_id) == []
    async with tampering() as rows:
        await _rewrite_from(rows, anchored - 1)
        rewritten = await AuditEvent.select().order_by(AuditEvent.height)
        links_hold = chain.verify(services._to_event(row) for row in rewritten).ok
        verdict = await services.verify_chain()
        problems = await mine(round_id)
    assert links_hold  # the forgery recomputed every hash: only the signed anchor tells
    assert not verdict.ok and any("names another hash" in p for p in problems)
