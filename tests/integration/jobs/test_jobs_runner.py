"""The job runner: a dead runner's job is taken again, a failure is retried later, a beat holds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.jobs import run_jobs

Calls = list[dict[str, Any]]


@pytest.fixture
async def handler() -> AsyncIterator[Callable[[str, Callable[..., Awaitable[None]]], None]]:
    """Register job handlers for one test; the queue is drained before and after."""
    from app.jobs.registry import handlers

    added: list[str] = []

    def register(kind: str, run: Callable[..., Awaitable[None]]) -> None:
        handlers()[kind] = run
        added.append(kind)

    await run_jobs()
    yield register
    await run_jobs()
    for kind in added:
        handlers().pop(kind, None)


async def _job(job_id: int) -> dict[str, Any]:
    from app.jobs.tables import Job

    row = await Job.select().where(Job.id == job_id).first()
    assert row is not None
    return dict(row)


async def test_a_job_whose_runner_died_is_taken_again(handler: Any) -> None:
    """A claimed job whose lease ran out (its runner was killed) runs on another runner."""
    from app.jobs import runner
    from app.jobs.queue import enqueue
    from app.jobs.tables import Job

    calls: Calls = []

    async def work(job: Any) -> None:
        calls.append(job.payload)

    handler("test.work", work)
    job_id = await enqueue("test.work", {"n": 1})
    assert job_id is not None
    dead = await runner.claim("dead-runner")
    assert dead is not None and dead.id == job_id
    assert await runner.claim("other") is None  # the lease holds while it is fresh
    past = datetime.now(UTC) - timedelta(seconds=1)
    await Job.update({Job.lease_until: past}).where(Job.id == job_id)
    assert await runner.run_pending("live-runner") == 1
    row = await _job(job_id)
    assert (row["status"], row["attempts"], row["worker"]) == ("done", 2, "live-runner")
    assert calls == [{"n": 1}]


async def test_a_failure_is_retried_after_a_pause_then_given_up(handler: Any) -> None:
    """A failing job waits (back-off) and runs again; after its last attempt it is failed."""
    from app.jobs import runner
    from app.jobs.queue import enqueue
    from app.jobs.tables import Job

    async def fail(job: Any) -> None:
        raise OSError("relay down")

    handler("test.fail", fail)
    job_id = await enqueue("test.fail", max_attempts=2)
    assert job_id is not None
    assert await runner.run_pending("r") == 1
    row = await _job(job_id)
    assert row["status"] == "queued" and "relay down" in row["last_error"]
    assert row["run_after"] > datetime.now(UTC) + timedelta(seconds=3)
    assert await runner.run_pending("r") == 0  # not before the pause is over
    await Job.update({Job.run_after: datetime.now(UTC)}).where(Job.id == job_id)
    assert await runner.run_pending("r") == 1
    row = await _job(job_id)
    assert (row["status"], row["attempts"]) == ("failed", 2)


async def test_the_heartbeat_keeps_a_long_job_from_being_taken(
    handler: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a job runs longer than its lease, its runner's heartbeat keeps others off it."""
    from app.jobs import runner
    from app.jobs.queue import enqueue

    monkeypatch.setattr(runner, "lease", lambda: timedelta(seconds=1))
    seen: list[object] = []

    async def slow(job: Any) -> None:
        await asyncio.sleep(2.5)

    handler("test.slow", slow)
    job_id = await enqueue("test.slow")
    assert job_id is not None
    claimed = await runner.claim("first")
    assert claimed is not None
    running = asyncio.create_task(runner.run(claimed, "first"))
    for _ in range(4):
        await asyncio.sleep(0.5)
        seen.append(await runner.claim("second"))
    assert await running is True
    assert seen == [None, None, None, None]
    assert (await _job(job_id))["status"] == "done"


def test_back_off_doubles_up_to_an_hour() -> None:
    """5 s, 10 s, 20 s, … capped at one hour."""
    from app.jobs.runner import backoff_seconds

    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert backoff_seconds(30) == 3600
