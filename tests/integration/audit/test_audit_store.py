"""The stored audit chain: appends link up, concurrent appends stay a chain, tampering is found."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from app.audit import queries, services
from app.audit.tables import AuditEvent
from app.db import transaction


async def append(subject: str) -> str:
    async with transaction():
        return await services.append_event("cli", "test.event", subject, {"subject": subject})


async def test_appended_events_form_a_verifiable_chain_with_a_public_head() -> None:
    first = await append("a")
    second = await append("b")
    assert first != second
    assert await queries.head_hash() == second
    verdict = await services.verify_chain()
    assert verdict.ok, verdict.reason
    assert verdict.head_hash == second


async def test_concurrent_appends_never_fork_the_chain() -> None:
    before = await queries.count_events()
    await asyncio.gather(*(append(f"c{i}") for i in range(12)))
    assert await queries.count_events() == before + 12
    assert (await services.verify_chain()).ok


async def test_a_rolled_back_change_leaves_no_event() -> None:
    before = await queries.count_events()
    with pytest.raises(RuntimeError):
        async with transaction():
            await services.append_event("cli", "test.event", "rolled-back", {})
            raise RuntimeError("the use case failed after appending")
    assert await queries.count_events() == before


async def test_secrets_are_refused_in_payloads() -> None:
    with pytest.raises(ValueError, match="password"):
        async with transaction():
            await services.append_event("cli", "test.event", "x", {"password": "hunter2"})


def _cli_verify() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "audit", "verify"], capture_output=True, text=True, check=False
    )


async def test_cli_verify_reports_edits_deletions_and_reordering() -> None:
    await append("t1")
    await append("t2")
    await append("t3")
    ok = _cli_verify()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("ok:")

    rows = await AuditEvent.select().order_by(AuditEvent.height, ascending=False).limit(3)
    newest, middle = rows[0], rows[1]

    # An edited payload is found at its height.
    await AuditEvent.update({AuditEvent.payload: '{"subject":"forged"}'}).where(
        AuditEvent.id == middle["id"]
    )
    edited = _cli_verify()
    assert edited.returncode == 1
    assert f"broken at event {middle['height']}" in edited.stdout
    await AuditEvent.update({AuditEvent.payload: middle["payload"]}).where(
        AuditEvent.id == middle["id"]
    )
    assert _cli_verify().returncode == 0

    # Swapping two events' contents (a reordering) is found.
    for row, other in ((middle, newest), (newest, middle)):
        await AuditEvent.update(
            {
                AuditEvent.height: -other["height"],
                AuditEvent.hash: other["hash"] + "x",
            }
        ).where(AuditEvent.id == row["id"])
    for row, other in ((middle, newest), (newest, middle)):
        await AuditEvent.update(
            {
                AuditEvent.height: other["height"],
                AuditEvent.parent_hash: other["parent_hash"],
                AuditEvent.hash: other["hash"],
                AuditEvent.created_at: other["created_at"],
                AuditEvent.subject: other["subject"],
                AuditEvent.payload: other["payload"],
                AuditEvent.payload_hash: other["payload_hash"],
            }
        ).where(AuditEvent.id == row["id"])
    reordered = _cli_verify()
    assert reordered.returncode == 1
    assert f"broken at event {newest['height']}" in reordered.stdout or "reordered" in reordered.stdout

    # A deleted event is found (the newest goes; the one swapped into its row stays broken).
    await AuditEvent.delete().where(AuditEvent.id == middle["id"])
    deleted = _cli_verify()
    assert deleted.returncode == 1
    assert "broken at event" in deleted.stdout
    # Leave a clean chain for other tests: remove the tampered tail.
    await AuditEvent.delete().where(AuditEvent.id == newest["id"])
    assert _cli_verify().returncode == 0
