"""Every ballot type through the code pages: what is stored when valid, refusals when not."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_ballots import _pass
from tests.integration.box.test_box_cast import counts
from tests.support.box import peek
from tests.support.web import post_form

MakeRound = Callable[..., Awaitable[VotingRound]]


async def stored(round_id: int) -> list[dict[str, Any]]:
    """The choices of a round's active ballots, as the box will yield them when opened."""
    return [json.loads(choices) for _, choices in await peek(round_id)]


async def cast(client: httpx.AsyncClient, voting: VotingRound, body: dict[str, Any]) -> Any:
    """Confirm then cast with a fresh voting pass; returns (confirm, cast) responses."""
    voting_pass = await _pass(client, voting)  # type: ignore[arg-type]
    form = {"pass": voting_pass, **body}
    confirm = await post_form(client, f"/stemmen/{voting.id}/controleren", form)
    result = await post_form(client, f"/stemmen/{voting.id}/uitbrengen", form)
    return confirm, result


async def test_cumulative_points_within_the_total(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """Points up to points_total are stored with the projects; more, negative or text is not."""
    voting = await voting_round(ballot_type="cumulative", points_total=10, ballot_max=0)
    page = await client.get(f"/stemmen/{voting.id}/stembiljet")
    assert 'name="points-P1"' in page.text and "<legend>" in page.text
    for bad in ({"points-P1": "8", "points-P2": "3"}, {"points-P1": "-1"}, {"points-P1": "x"}):
        confirm, result = await cast(client, voting, bad)
        assert confirm.status_code == 400 and result.status_code == 400
    assert await counts(voting.id) == (0, 0)
    confirm, result = await cast(client, voting, {"points-P3": "4", "points-P1": "6"})
    assert confirm.status_code == 200 and "6" in confirm.text
    assert result.status_code == 200, result.text
    assert await stored(voting.id) == [{"projects": ["P1", "P3"], "points": [6, 4]}]


async def test_ranking_orders_by_place_and_refuses_a_shared_place(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """Places become the ballot's order; two projects on one place are refused."""
    voting = await voting_round(ballot_type="ranking", ballot_max=0, counting_rule="irv")
    confirm, result = await cast(client, voting, {"rank-P1": "1", "rank-P2": "1"})
    assert confirm.status_code == 400 and result.status_code == 400
    confirm, result = await cast(client, voting, {"rank-P3": "1", "rank-P1": "2"})
    assert confirm.status_code == 200 and result.status_code == 200, result.text
    assert await stored(voting.id) == [{"projects": ["P3", "P1"]}]


async def test_yes_no_answers_are_stored_as_one_and_zero(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """Yes is 1 and no is 0 per project; an open answer is left out; anything else refused."""
    voting = await voting_round(ballot_type="yes_no", ballot_max=0, counting_rule="yes-no")
    confirm, result = await cast(client, voting, {"answer-P1": "maybe"})
    assert confirm.status_code == 400 and result.status_code == 400
    confirm, result = await cast(client, voting, {"answer-P2": "no", "answer-P1": "yes"})
    assert confirm.status_code == 200 and result.status_code == 200, result.text
    assert await stored(voting.id) == [{"projects": ["P1", "P2"], "points": [1, 0]}]


async def test_approval_minimum_and_blank_ballots(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """Fewer than ballot_min is refused; a blank ballot only where the round allows it."""
    strict = await voting_round(ballot_min=2, ballot_max=3, allow_blank=False)
    confirm, result = await cast(client, strict, {"choice": ["P1"]})
    assert confirm.status_code == 400 and result.status_code == 400
    confirm, result = await cast(client, strict, {})
    assert confirm.status_code == 400 and result.status_code == 400
    assert await counts(strict.id) == (0, 0)
    lenient = await voting_round(ballot_min=2)
    confirm, result = await cast(client, lenient, {})
    assert 'data-testid="confirm-blank"' in confirm.text and result.status_code == 200
    assert await stored(lenient.id) == [{"projects": []}]


async def test_knapsack_page_loads_the_live_total_script(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """The knapsack ballot carries costs and the same-origin script; other types do not."""
    voting = await voting_round(ballot_type="knapsack", ballot_max=0)
    page = await client.get(f"/stemmen/{voting.id}/stembiljet")
    assert 'src="/static/knapsack.js"' in page.text and 'data-cost="4000000"' in page.text
    script = await client.get("/static/knapsack.js")
    assert script.status_code == 200
    approval = await voting_round()
    assert "knapsack.js" not in (await client.get(f"/stemmen/{approval.id}/stembiljet")).text
