"""A count whose runner died is finished by another runner, with exactly one draft result."""

from __future__ import annotations

from datetime import UTC, datetime

from app.web.answers import status_of
from tests.integration.results.conftest import closed_round
from tests.support.jobs import run_jobs

APPROVALS = [["P1"], ["P1", "P2"], ["P2", "P3"], ["P4"]]


async def test_a_count_left_running_by_a_dead_runner_is_counted_once() -> None:
    """The runner was killed mid-count: the lease runs out, another runner counts once."""
    from app.jobs import runner
    from app.jobs.tables import Job
    from ballots.results import jobs, queries
    from ballots.results.tables import Result

    await run_jobs()
    round_id = await closed_round(APPROVALS, counting_rule="greedy")
    queued = await jobs.request_count(None, round_id)
    assert queued.ok and queued.value is not None
    dead = await runner.claim("killed")
    assert dead is not None and dead.kind == "results.count"
    assert await jobs.claim(queued.value, "killed")  # it had started counting
    again = await jobs.request_count(None, round_id)
    assert status_of(again) == 409  # one count at a time, also while it is stuck
    await Job.update({Job.lease_until: datetime(2000, 1, 1, tzinfo=UTC)}).where(Job.id == dead.id)
    await run_jobs()
    job = await queries.latest_job(round_id)
    assert job is not None and (job.status, job.progress) == ("done", 100)
    assert await Result.count().where(Result.round == round_id) == 1
    await run_jobs()
    assert await Result.count().where(Result.round == round_id) == 1
