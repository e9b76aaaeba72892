"""The job runner: claim a job with a lease, renew it while working, retry with back-off.

A job whose runner died (its lease ran out) is claimed again, so every handler must be
idempotent: running it twice gives what running it once gives.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from piccolo.columns import Column
from piccolo.columns.combination import Or

from app.db import transaction
from app.jobs.queue import wake_event
from app.jobs.registry import JobView, handlers
from app.jobs.tables import Job, RunnerBeat
from app.runtime import current_settings

LOG = logging.getLogger("wijkstem.jobs")
POLL_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 3600
current_job: ContextVar[int | None] = ContextVar("current_job", default=None)


def runner_name(slot: int = 0) -> str:
    """Who claims a job: host, process id and slot."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{slot}"


def lease() -> timedelta:
    """How long a claim holds without a heartbeat."""
    return timedelta(seconds=current_settings().job_lease_seconds)


def backoff_seconds(attempts: int) -> int:
    """Wait before the next try: 5 s, 10 s, 20 s, … up to an hour."""
    return int(min(MAX_BACKOFF_SECONDS, 5 * 2 ** max(0, attempts - 1)))


def _free(now: datetime) -> Or:
    return ((Job.status == "queued") & (Job.run_after <= now)) | (
        (Job.status == "running") & (Job.lease_until < now)
    )


async def claim(worker: str) -> JobView | None:
    """Take the oldest free job (queued and due, or running with an expired lease)."""
    for _ in range(5):
        now = datetime.now(UTC)
        async with transaction():
            found = await Job.select(Job.id).where(_free(now)).order_by(Job.id).first()
            if found is None:
                return None
            rows = (
                await Job.update(
                    {
                        Job.status: "running",
                        Job.worker: worker[:80],
                        Job.lease_until: now + lease(),
                        Job.attempts: Job.attempts + 1,
                    }
                )
                .where((Job.id == found["id"]) & _free(now))
                .returning(*Job.all_columns())
            )
        if rows:
            return JobView.from_row(rows[0])
    return None


async def _heartbeat(job_id: int, worker: str) -> None:
    every = max(0.5, lease().total_seconds() / 3)
    while True:
        await asyncio.sleep(every)
        with contextlib.suppress(Exception):  # a missed beat only shortens the lease
            await Job.update({Job.lease_until: datetime.now(UTC) + lease()}).where(
                (Job.id == job_id) & (Job.worker == worker) & (Job.status == "running")
            )


async def _settle(job: JobView, worker: str, error: str | None) -> None:
    now = datetime.now(UTC)
    mine = (Job.id == job.id) & (Job.worker == worker) & (Job.status == "running")
    if error is None:
        values: dict[Column | str, object] = {
            Job.status: "done",
            Job.finished_at: now,
            Job.last_error: "",
        }
    elif job.last_attempt:
        values = {Job.status: "failed", Job.finished_at: now, Job.last_error: error[:2000]}
    else:
        wait = timedelta(seconds=backoff_seconds(job.attempts))
        values = {Job.status: "queued", Job.run_after: now + wait, Job.last_error: error[:2000]}
    values[Job.lease_until] = None
    await Job.update(values).where(mine)


async def run(job: JobView, worker: str) -> bool:
    """Run one claimed job with a heartbeat; True when it succeeded."""
    handler = handlers().get(job.kind)
    beat = asyncio.create_task(_heartbeat(job.id, worker))
    token = current_job.set(job.id)
    error: str | None = None
    try:
        if job.attempts > job.max_attempts:
            error = f"gave up after {job.max_attempts} attempts"
            job = JobView(job.id, job.kind, job.payload, job.attempts, job.attempts)
        elif handler is None:
            error = f"no handler for job kind {job.kind!r}"
            job = JobView(job.id, job.kind, job.payload, job.attempts, job.attempts)
        else:
            await handler(job)
    except Exception as exc:  # the job records the failure and is retried; the runner goes on
        error = f"{type(exc).__name__}: {exc}"
        LOG.warning("job %s (%s) failed: %s", job.id, job.kind, type(exc).__name__)
    finally:
        current_job.reset(token)
        beat.cancel()
    await _settle(job, worker, error)
    return error is None


async def run_pending(worker: str | None = None) -> int:
    """Run every free job once, oldest first; answers how many ran (tests and `--once`)."""
    name = worker or runner_name()
    ran = 0
    while (job := await claim(name)) is not None:
        await run(job, name)
        ran += 1
    return ran


async def beat(name: str) -> None:
    """Record that this runner is alive."""
    await RunnerBeat.insert(RunnerBeat(name=name[:80], beat_at=datetime.now(UTC))).on_conflict(
        target=RunnerBeat.name, action="DO UPDATE", values=[RunnerBeat.beat_at]
    )


async def _slot(stop: asyncio.Event, poll: float, slot: int) -> None:
    name = runner_name(slot)
    wake = wake_event()
    while not stop.is_set():
        try:
            await beat(name)
            await run_pending(name)
        except Exception:  # keep the runner alive (e.g. the database restarts); retry soon
            LOG.exception("job runner turn failed")
        wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_either(stop, wake), timeout=poll)


async def _either(stop: asyncio.Event, wake: asyncio.Event) -> None:
    waits = [asyncio.create_task(stop.wait()), asyncio.create_task(wake.wait())]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()


async def run_forever(
    stop: asyncio.Event | None = None, poll: float = POLL_SECONDS, slots: int = 2
) -> None:
    """Run jobs in `slots` parallel loops until stopped."""
    stop = stop or asyncio.Event()
    await asyncio.gather(*(_slot(stop, poll, slot) for slot in range(max(1, slots))))
