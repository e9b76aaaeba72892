"""Count jobs: requested by staff or council, counted by the job runner, never in a request.

A count job is also a runner job (`results.count`) queued in the same transaction. Counting
is idempotent: a job whose runner died is taken over, and a count that already wrote its
result is not written twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

import anyio

from app.accounts.permissions import Principal, is_staff
from app.answer import CONFLICT, FAILED, FORBIDDEN, FORM, MISSING, Answer, done, refused
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.db import is_sqlite, transaction
from app.i18n import _
from app.jobs.queue import enqueue
from app.jobs.registry import JobView
from app.jobs.runner import run_pending as run_pending_jobs
from app.jobs.runner import runner_name
from app.jsontypes import JSONObject
from app.rounds.queries import round_by_id
from ballots.box import queries as box_queries
from ballots.results import facts, permissions
from ballots.results.export import Counted, ExportError, canonical_json, count_export
from ballots.results.tables import Certificate, CountJob, Result

LOG = logging.getLogger("wijkstem.results")
ACTIVE = ("queued", "running")
KIND = "results.count"


async def lock_round(round_id: int) -> None:
    """Serialise writers of one round's results (SQLite's IMMEDIATE transaction already does)."""
    if not is_sqlite():
        await CountJob.raw('SELECT "id" FROM "budget_round" WHERE "id" = {} FOR UPDATE', round_id)


async def counts_area(user: Principal | None, area_code: str) -> bool:
    """Fetch the area's lineage and ask the results' permissions (may_count)."""
    if user is None:
        return permissions.may_count(None, ())
    return permissions.may_count(user, await area_queries.lineage_codes(area_code))


async def _refusal(round_id: int, correction: int | None) -> str:
    if await box_queries.box_unopened(round_id):
        return _("The ballot box is still sealed: the certifiers open it with their shares first.")
    if await CountJob.exists().where(
        (CountJob.round == round_id) & CountJob.status.is_in(list(ACTIVE))
    ):
        return _("A count of this round is already under way.")
    if await Result.exists().where((Result.round == round_id) & (Result.status == "draft")):
        return _("A draft result awaits the certifiers; it must be rejected before a recount.")
    certified = await Result.exists().where(
        (Result.round == round_id) & (Result.status == "certified")
    )
    if certified and correction is None:
        return _("This round's result is certified; only a correction can change it.")
    return ""


async def request_count(
    user: Principal | None, round_id: int, *, corrects: int | None = None, reason: str = ""
) -> Answer[int]:
    """Queue a count of a round in the counting phase (or a correction of a certificate)."""
    view = await round_by_id(round_id)
    if view is None:
        return refused(MISSING, _("This round does not exist."))
    if not await counts_area(user, view.area_code):
        return refused(FORBIDDEN, _("You may not start the count of this round."))
    if corrects is None and view.phase != "counting":
        return refused(FORM, _("A round is counted in the counting phase only."))
    if corrects is not None:
        if user is not None and not is_staff(user):
            return refused(FORBIDDEN, _("Only staff start a correction."))
        if not reason.strip():
            return refused(FORM, _("Give the reason for the correction; it is published."))
        if not await Certificate.exists().where(
            (Certificate.id == corrects) & (Certificate.round == round_id)
        ):
            return refused(MISSING, _("There is no such certificate of this round."))
    actor = "cli" if user is None else f"user:{user.id}"
    async with transaction():
        await lock_round(round_id)
        problem = await _refusal(round_id, corrects)
        if problem:
            return refused(CONFLICT, problem)
        rows = await CountJob.insert(
            CountJob(
                round=round_id,
                requested_by=None if user is None else user.id,
                corrects=corrects,
                reason=reason.strip()[:1000],
            )
        ).returning(CountJob.id)
        job_id = int(rows[0]["id"])
        await enqueue(KIND, {"count_job": job_id}, key=f"count:{job_id}", max_attempts=4)
        payload: JSONObject = {"job": job_id, "round": round_id}
        if corrects is not None:
            payload |= {"corrects": corrects, "reason": reason.strip()[:1000]}
        await append_event(actor, "result.count_requested", f"round:{round_id}", payload)
    return done(job_id)


async def claim(job_id: int, worker: str) -> bool:
    """Take a queued job for this worker; False when another worker took it first."""
    async with transaction():
        rows = (
            await CountJob.update(
                {
                    CountJob.status: "running",
                    CountJob.worker: worker[:60],
                    CountJob.started_at: datetime.now(UTC),
                    CountJob.progress: 5,
                }
            )
            .where((CountJob.id == job_id) & (CountJob.status == "queued"))
            .returning(CountJob.id)
        )
    return bool(rows)


async def _take_over(job_id: int, worker: str) -> bool:
    """Take a job left running by a runner that died (the runner's lease says it is free)."""
    async with transaction():
        rows = (
            await CountJob.update({CountJob.worker: worker[:60]})
            .where((CountJob.id == job_id) & (CountJob.status == "running"))
            .returning(CountJob.id)
        )
    return bool(rows)


async def _progress(job_id: int, progress: int) -> None:
    await CountJob.update({CountJob.progress: progress}).where(CountJob.id == job_id)


async def _fail(job_id: int, message: str) -> None:
    await CountJob.update(
        {
            CountJob.status: "failed",
            CountJob.message: message[:300],
            CountJob.finished_at: datetime.now(UTC),
        }
    ).where(CountJob.id == job_id)


async def _finish(job: Mapping[str, object], found: facts.RoundFacts, counted: Counted) -> int:
    round_id = int(str(job["round"]))
    job_id = int(str(job["id"]))
    async with transaction():
        await lock_round(round_id)
        earlier = await Result.select(Result.id).where(Result.job == job_id).first()
        if earlier is not None:  # counted before, by a runner that died before it finished
            await CountJob.update({CountJob.status: "done", CountJob.progress: 100}).where(
                CountJob.id == job_id
            )
            return int(earlier["id"])
        rows = await Result.insert(
            Result(
                round=round_id,
                job=job_id,
                rule=str(counted.outcome["rule"]),
                parameters=canonical_json(counted.outcome["parameters"]),
                outcome=canonical_json(counted.outcome),
                comparison=canonical_json(counted.comparison),
                counts=canonical_json(found.counts),
                ballots_sha256=counted.ballots_sha256,
                export=found.export,
                corrects=job["corrects"],
                correction_reason=str(job["reason"] or ""),
            )
        ).returning(Result.id)
        result_id = int(rows[0]["id"])
        await CountJob.update(
            {
                CountJob.status: "done",
                CountJob.progress: 100,
                CountJob.message: "",
                CountJob.finished_at: datetime.now(UTC),
            }
        ).where(CountJob.id == job_id)
        await append_event(
            "system",
            "result.counted",
            f"round:{round_id}",
            {
                "job": job_id,
                "result": result_id,
                "ballots_sha256": counted.ballots_sha256,
                "outcome_sha256": counted.outcome_sha256,
            },
        )
    return result_id


async def run_job(job_id: int, worker: str | None = None, *, final: bool = True) -> Answer[int]:
    """Count a queued job (or take over one whose runner died); a failure ends as failed.

    With `final=False` an unexpected error leaves the job running for the runner's retry.
    """
    name = worker or runner_name()
    if not await claim(job_id, name) and not await _take_over(job_id, name):
        return refused(CONFLICT, _("This count job is not waiting to be run."))
    job = await CountJob.select().where(CountJob.id == job_id).first()
    assert job is not None  # noqa: S101 (just claimed)
    try:
        found = await facts.round_facts(int(job["round"]))
        if found is None:
            raise ExportError("the round no longer exists")
        await _progress(job_id, 30)
        counted = await anyio.to_thread.run_sync(count_export, found.export)
        await _progress(job_id, 80)
        result_id = await _finish(job, found, counted)
    except ExportError as exc:
        await _fail(job_id, str(exc))
        return refused(FORM, str(exc))
    except Exception as exc:  # ends as failed (or waits for a retry), never half-written
        LOG.exception("count job %s failed", job_id)
        if final:
            await _fail(job_id, f"{type(exc).__name__}: {exc}")
        return refused(FAILED, str(exc))
    return done(result_id)


class CountFailed(Exception):
    """A count failed for a reason a retry may cure (the runner tries again)."""


async def count_job(job: JobView) -> None:
    """The runner's handler for `results.count`: count, or leave a retry to the runner."""
    answer = await run_job(int(job.payload["count_job"]), final=job.last_attempt)
    if answer.reason == FAILED:
        raise CountFailed(answer.message)


async def run_pending(worker: str | None = None) -> int:
    """Run every free runner job once (counts included); how many ran (tests and `--once`)."""
    return await run_pending_jobs(worker)


async def count_now(round_id: int) -> Answer[int]:
    """Operator's count (CLI): queue a job and run it at once, in this process."""
    queued = await request_count(None, round_id)
    if not queued.ok or queued.value is None:
        return queued
    return await run_job(queued.value, f"cli:{runner_name()}")
