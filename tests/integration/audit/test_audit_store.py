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


def _cli_verify(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "audit", "verify", *extra],
        capture_output=True,
        text=True,
        check=False,
    )


async def _restore(*rows: dict[str, object]) -> None:
    for row in rows:
        await AuditEvent.delete().where(AuditEvent.id == row["id"])
    for row in rows:
        await AuditEvent.insert(AuditEvent(**{k: v for k, v in row.items() if k != "id"}))


async def test_cli_verify_reports_an_edited_event() -> None:
    await append("e1")
    await append("e2")
    assert _cli_verify().returncode == 0
    middle = (await AuditEvent.select().order_by(AuditEvent.height, ascending=False).limit(2))[1]
    await AuditEvent.update({AuditEvent.payload: '{"subject":"forged"}'}).where(
        AuditEvent.id == middle["id"]
    )
    edited = _cli_verify()
    assert edited.returncode == 1
    assert f"broken at event {middle['height']}: its payload was changed" in edited.stdout
    await _restore(middle)
    assert _cli_verify().returncode == 0


async def test_cli_verify_reports_reordered_events() -> None:
    await append("r1")
    await append("r2")
    newest, middle = await AuditEvent.select().order_by(AuditEvent.height, ascending=False).limit(2)
    # Swap the two events' positions in the chain.
    await AuditEvent.update({AuditEvent.height: -1}).where(AuditEvent.id == newest["id"])
    await AuditEvent.update({AuditEvent.height: newest["height"]}).where(
        AuditEvent.id == middle["id"]
    )
    await AuditEvent.update({AuditEvent.height: middle["height"]}).where(
        AuditEvent.id == newest["id"]
    )
    reordered = _cli_verify()
    assert reordered.returncode == 1
    assert f"broken at event {middle['height']}" in reordered.stdout
    await _restore(middle, newest)
    assert _cli_verify().returncode == 0


async def test_cli_verify_reports_deleted_events() -> None:
    await append("d1")
    await append("d2")
    await append("d3")
    newest, middle = await AuditEvent.select().order_by(AuditEvent.height, ascending=False).limit(2)
    noted_head = str(newest["hash"])

    await AuditEvent.delete().where(AuditEvent.id == middle["id"])
    deleted = _cli_verify()
    assert deleted.returncode == 1
    assert f"broken at event {middle['height']}" in deleted.stdout
    assert "deleted" in deleted.stdout
    await _restore(middle)
    assert _cli_verify("--expect-head", noted_head).returncode == 0

    # Removing the newest event leaves a valid shorter chain; the noted head exposes it.
    await AuditEvent.delete().where(AuditEvent.id == newest["id"])
    assert _cli_verify().returncode == 0
    truncated = _cli_verify("--expect-head", noted_head)
    assert truncated.returncode == 1
    assert "no longer in the chain" in truncated.stdout
    await _restore(newest)
    assert _cli_verify("--expect-head", noted_head).returncode == 0
