"""Counting a closed round through a job: every rule from cast ballots, and the job's lifecycle."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from app.web.answers import status_of
from tests.integration.results.conftest import closed_round
from tests.support.web import login, post_form

Counted = Callable[..., Awaitable[tuple[int, int]]]
# P1 40k, P2 30k, P3 20k, P4 10k; budget 100k (see the box conftest).
APPROVALS = [["P1"], ["P1", "P2"], ["P2", "P3"], ["P3", "P4"], ["P4"], ["P1", "P4"], ["P2"]]


async def outcome(result_id: int) -> dict[str, Any]:
    """The engine outcome stored with a result."""
    from ballots.results.tables import Result

    row = await Result.select(Result.outcome).where(Result.id == result_id).first()
    assert row is not None
    return dict(json.loads(row["outcome"]))


@pytest.mark.parametrize(
    ("rule", "ballot_type", "extra"),
    [
        ("greedy", "approval", {}),
        ("mes", "approval", {}),
        ("mes-add1", "approval", {}),
        ("phragmen", "approval", {}),
        ("greedy", "knapsack", {"ballot_cost_limit_cents": 100_000_00}),
        ("mes-add1", "knapsack", {"ballot_cost_limit_cents": 100_000_00}),
    ],
)
async def test_each_rule_counts_the_cast_ballots(
    counted_round: Counted, rule: str, ballot_type: str, extra: dict[str, Any]
) -> None:
    """The job counts with the round's rule and equals the engine run on the same ballots."""
    from ballots.counting import Ballot, Instance, Profile, Project, count, to_json

    _round_id, result_id = await counted_round(
        APPROVALS, counting_rule=rule, ballot_type=ballot_type, **extra
    )
    stored = await outcome(result_id)
    instance = Instance(
        budget=100_000_00,
        projects=tuple(
            Project(k, c, f"Project {k}")
            for k, c in [("P1", 40_000_00), ("P2", 30_000_00), ("P3", 20_000_00), ("P4", 10_000_00)]
        ),
    )
    profile = Profile("approval", tuple(Ballot(tuple(b)) for b in APPROVALS))
    expected = to_json(count(instance, profile, rule))
    assert expected["selected"] == stored["selected"]
    assert stored["rule"] == rule
    assert len(stored["projects"]) == 4
    if rule == "mes-add1":  # official counts take no float shortcut (docs/counting.md)
        assert stored["parameters"]["exact"] is True


async def test_cumulative_and_ranking_ballots_count(counted_round: Counted) -> None:
    """Points ballots carry their points into the count; rankings give points by position."""
    _r, cumulative = await counted_round(
        [(["P1", "P2"], [3, 2]), (["P4"], [5]), (["P3", "P4"], [1, 4])],
        counting_rule="mes",
        ballot_type="cumulative",
        points_total=5,
        ballot_max=0,
    )
    scores = {p["id"]: p["score"] for p in (await outcome(cumulative))["projects"]}
    assert scores == {"P1": 3, "P2": 2, "P3": 1, "P4": 9}
    _r, ranking = await counted_round(
        [["P1", "P2", "P3"], ["P3", "P4"]], counting_rule="greedy", ballot_type="ranking"
    )
    scores = {p["id"]: p["score"] for p in (await outcome(ranking))["projects"]}
    assert scores == {"P1": 3, "P2": 2, "P3": 4, "P4": 2}


async def test_job_lifecycle_and_one_active_job(counted_round: Counted) -> None:
    """queued -> running -> done, with progress 100; a second request while queued is refused."""
    from ballots.results import jobs, queries

    round_id = await closed_round(APPROVALS, counting_rule="greedy")
    first = await jobs.request_count(None, round_id)
    again = await jobs.request_count(None, round_id)
    assert first.ok and not again.ok and status_of(again) == 409
    job = await queries.latest_job(round_id)
    assert job is not None and job.status == "queued"
    assert await jobs.claim(job.id, "w1") is True
    assert await jobs.claim(job.id, "w2") is False
    job = await queries.latest_job(round_id)
    assert job is not None and (job.status, job.worker) == ("running", "w1")
    round2 = await closed_round(APPROVALS, counting_rule="greedy")
    await jobs.request_count(None, round2)
    assert await jobs.run_pending("w3") >= 1
    done = await queries.latest_job(round2)
    assert done is not None and (done.status, done.progress) == ("done", 100)
    result = await queries.latest_result(round2)
    assert result is not None and result.status == "draft"
    assert result.comparison["rule"] == "mes"
    assert result.counts["ballots"]["total"] == len(APPROVALS)


async def test_failure_ends_as_failed_without_a_result() -> None:
    """A rule the engine does not count fails the job with a message; no result is written."""
    from ballots.results import jobs, queries

    round_id = await closed_round(APPROVALS, counting_rule="irv")
    queued = await jobs.request_count(None, round_id)
    assert queued.value is not None
    answer = await jobs.run_job(queued.value)
    assert not answer.ok
    job = await queries.latest_job(round_id)
    assert job is not None and job.status == "failed" and "irv" in job.message
    assert await queries.latest_result(round_id) is None


async def test_count_only_in_counting_and_by_staff_or_council(
    client: httpx.AsyncClient, make_user: Callable[..., Awaitable[Any]]
) -> None:
    """A resident is refused (403), a round in voting is refused (400); staff queue a job."""
    from ballots.results import queries
    from tests.integration.box.conftest import create_round

    voting = await create_round()
    round_id = await closed_round(APPROVALS)
    resident = await make_user("resident")
    await login(client, resident)
    refused = await post_form(client, f"/rondes/{round_id}/uitslag")
    assert refused.status_code == 403
    assert await queries.latest_job(round_id) is None
    staff = await make_user("staff")
    await post_form(client, "/account/uitloggen")
    client.cookies.clear()
    await login(client, staff)
    early = await post_form(client, f"/rondes/{voting}/uitslag")
    assert early.status_code == 400
    started = await post_form(client, f"/rondes/{round_id}/uitslag")
    assert started.status_code == 303
    page = await client.get(f"/rondes/{round_id}/uitslag")
    assert 'data-status="queued"' in page.text and "result-refresh" in page.text


async def test_a_running_count_shows_its_progress_in_both_languages(
    client: httpx.AsyncClient,
) -> None:
    """The progress line of a running job renders (a '%' in a translation once broke it)."""
    from ballots.results import jobs, queries

    round_id = await closed_round(APPROVALS, counting_rule="greedy")
    await jobs.request_count(None, round_id)
    job = await queries.latest_job(round_id)
    assert job is not None and await jobs.claim(job.id, "w1")
    dutch = await client.get(f"/rondes/{round_id}/uitslag")
    assert dutch.status_code == 200
    assert "Tellen: 5% klaar." in dutch.text
    await post_form(client, "/taal", {"language": "en", "next": "/"})
    english = await client.get(f"/rondes/{round_id}/uitslag")
    assert "Counting: 5% done." in english.text
