"""Ballot validation on the voting pages: limits, unknown projects, tampering, knapsack totals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_cast import PASS, counts, start
from tests.support.web import post_form

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[VotingRound]]


async def _pass(client: Client, voting: VotingRound) -> str:
    response = await start(client, voting.id, voting.codes[0])
    found = PASS.search(response.text)
    assert found is not None
    return found.group(1)


async def _cast(client: Client, voting: VotingRound, body: dict[str, object]) -> object:
    return await post_form(client, f"/stemmen/{voting.id}/uitbrengen", body)


async def test_too_many_choices_and_unknown_projects_are_refused(
    client: Client, voting_round: MakeRound
) -> None:
    """More than ballot_max choices, or a project not on the ballot, stores nothing."""
    voting = await voting_round(ballot_max=2)
    voting_pass = await _pass(client, voting)
    too_many = await _cast(client, voting, {"pass": voting_pass, "choice": ["P1", "P2", "P3"]})
    assert too_many.status_code == 400  # type: ignore[attr-defined]
    assert 'data-testid="ballot-problems"' in too_many.text  # type: ignore[attr-defined]
    unknown = await _cast(client, voting, {"pass": voting_pass, "choice": ["P1", "X9"]})
    assert unknown.status_code == 400  # type: ignore[attr-defined]
    twice = await _cast(client, voting, {"pass": voting_pass, "choice": ["P1", "P1"]})
    assert twice.status_code == 400  # type: ignore[attr-defined]
    assert await counts(voting.id) == (0, 0)


async def test_knapsack_over_the_limit_is_refused_and_the_total_recalculates(
    client: Client, voting_round: MakeRound
) -> None:
    """Without JavaScript the recalculate button shows the total; over the limit is refused."""
    voting = await voting_round(
        ballot_type="knapsack", ballot_max=0, ballot_cost_limit_cents=50_000_00
    )
    voting_pass = await _pass(client, voting)
    recalc = await post_form(
        client,
        f"/stemmen/{voting.id}/controleren",
        {"pass": voting_pass, "choice": ["P2", "P3"], "action": "recalculate"},
    )
    assert recalc.status_code == 200
    assert "€ 50.000." in recalc.text and 'data-testid="ballot-total"' in recalc.text
    over = await _cast(client, voting, {"pass": voting_pass, "choice": ["P1", "P2"]})
    assert over.status_code == 400  # type: ignore[attr-defined]
    assert await counts(voting.id) == (0, 0)
    fits = await _cast(client, voting, {"pass": voting_pass, "choice": ["P2", "P3"]})
    assert fits.status_code == 200  # type: ignore[attr-defined]
    assert await counts(voting.id) == (1, 1)


async def test_tampered_or_foreign_pass_is_refused(client: Client, voting_round: MakeRound) -> None:
    """Changing any part of the signed pass, or using it in another round, is refused."""
    voting, other = await voting_round(), await voting_round()
    voting_pass = await _pass(client, voting)
    parts = voting_pass.split(".")
    parts[1] = parts[1][:-1] + ("0" if parts[1][-1] != "0" else "1")
    forged = ".".join(parts)
    assert (await _cast(client, voting, {"pass": forged, "choice": []})).status_code == 400  # type: ignore[attr-defined]
    foreign = await post_form(
        client, f"/stemmen/{other.id}/uitbrengen", {"pass": voting_pass, "choice": []}
    )
    assert foreign.status_code == 400
    assert await counts(voting.id) == (0, 0)
    assert await counts(other.id) == (0, 0)


async def test_csrf_is_required(client: Client, voting_round: MakeRound) -> None:
    """A cast without the CSRF token is refused."""
    voting = await voting_round()
    await client.get(f"/stemmen/{voting.id}")
    response = await client.post(
        f"/stemmen/{voting.id}/uitbrengen", data={"code": voting.codes[0], "choice": []}
    )
    assert response.status_code == 403
    assert await counts(voting.id) == (0, 0)


async def test_blank_ballot_follows_the_round(client: Client, voting_round: MakeRound) -> None:
    """A blank ballot is accepted where allowed and refused where not."""
    allowed, refused = await voting_round(), await voting_round(allow_blank=False)
    ok = await _cast(client, allowed, {"code": allowed.codes[0]})
    assert ok.status_code == 200  # type: ignore[attr-defined]
    no = await _cast(client, refused, {"code": refused.codes[0]})
    assert no.status_code == 400  # type: ignore[attr-defined]
    assert await counts(refused.id) == (0, 0)
