"""Casting with a voting code through the web pages: the happy path and every refusal."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.box.conftest import VotingRound
from tests.support.web import post_form

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[VotingRound]]
PASS = re.compile(r'name="pass" value="([^"]+)"')


async def counts(round_id: int) -> tuple[int, int]:
    """(participations, active ballots) of a round."""
    from ballots.box import queries

    return await queries.participations(round_id), await queries.ballots_cast(round_id)


async def start(client: Client, round_id: int, code: str, **extra: Any) -> Any:
    """Enter a code on the start page."""
    return await post_form(client, f"/stemmen/{round_id}", {"code": code, **extra})


async def vote(client: Client, round_id: int, code: str, choices: list[str]) -> Any:
    """The whole flow: code, ballot, confirm, cast; returns the cast response."""
    response = await start(client, round_id, code)
    assert response.status_code == 200, response.text
    voting_pass = PASS.search(response.text)
    assert voting_pass is not None
    body = {"pass": voting_pass.group(1), "choice": choices}
    confirm = await post_form(client, f"/stemmen/{round_id}/controleren", body)
    assert confirm.status_code == 200, confirm.text
    assert 'data-testid="vote-cast"' in confirm.text
    return await post_form(client, f"/stemmen/{round_id}/uitbrengen", body)


async def test_cast_with_a_code_shows_a_receipt(client: Client, voting_round: MakeRound) -> None:
    """A valid code and ballot give a receipt and one participation with one ballot."""
    voting = await voting_round()
    response = await vote(client, voting.id, voting.codes[0].lower(), ["P1", "P3"])
    assert response.status_code == 200, response.text
    assert re.search(r'data-testid="receipt">[2-9A-Z]{5}-[2-9A-Z]{5}<', response.text)
    assert await counts(voting.id) == (1, 1)


async def test_second_vote_is_refused_and_changes_nothing(
    client: Client, voting_round: MakeRound
) -> None:
    """The same code cannot vote twice, neither from the start page nor at cast time."""
    from ballots.box import queries

    voting = await voting_round()
    first = await vote(client, voting.id, voting.codes[0], ["P1"])
    assert first.status_code == 200
    before = await queries.board(voting.id)
    again = await start(client, voting.id, voting.codes[0])
    assert again.status_code == 409
    assert "already voted" in again.text or "al gestemd" in again.text
    direct = await post_form(
        client, f"/stemmen/{voting.id}/uitbrengen", {"code": voting.codes[0], "choice": ["P2"]}
    )
    assert direct.status_code == 409
    assert await queries.board(voting.id) == before
    assert await counts(voting.id) == (1, 1)


async def test_wrong_voided_and_used_codes_are_refused(
    client: Client, voting_round: MakeRound
) -> None:
    """Unknown, malformed, voided and used codes store nothing and say why."""
    from app.answer import CONFLICT
    from ballots.box import issuing, queries

    voting = await voting_round(codes=3)
    assert (await start(client, voting.id, "K7Q4-MX2P-9HTD")).status_code == 400
    assert (await start(client, voting.id, "not a code")).status_code == 400
    code_ids = [row["id"] for row in await queries.round_codes(voting.id)]
    assert (await issuing.void_code(code_ids[1], actor="test", reason="letter lost")).ok
    voided = await start(client, voting.id, voting.codes[1])
    assert voided.status_code == 400
    await vote(client, voting.id, voting.codes[0], ["P1"])
    assert (await start(client, voting.id, voting.codes[0])).status_code == 409
    used = await issuing.void_code(code_ids[0], actor="test")  # used: cannot void
    assert used.reason == CONFLICT, used
    assert await counts(voting.id) == (1, 1)


async def test_code_from_another_round_is_refused(client: Client, voting_round: MakeRound) -> None:
    """A code only opens the round it was issued for."""
    first, second = await voting_round(), await voting_round()
    assert (await start(client, second.id, first.codes[0])).status_code == 400


async def test_wrong_codes_are_throttled_per_address(
    client: Client, voting_round: MakeRound, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ten wrong codes from one address further wrong codes get 429 for a while.

    The throttle's clock stands still (a slow machine cannot end the window mid-test) and
    moves only when the test moves it.
    """
    from ballots.box import services

    now = [datetime.now(UTC)]
    monkeypatch.setattr(services, "clock", lambda: now[0])
    voting = await voting_round()
    for _ in range(10):
        assert (await start(client, voting.id, "2222-3333-4444")).status_code == 400
    assert (await start(client, voting.id, "2222-3333-5555")).status_code == 429
    now[0] += services.THROTTLE_WINDOW - timedelta(seconds=1)
    assert (await start(client, voting.id, "2222-3333-5555")).status_code == 429
    now[0] += timedelta(seconds=2)  # the ten failures are now older than the window
    assert (await start(client, voting.id, "2222-3333-5555")).status_code == 400
    assert await counts(voting.id) == (0, 0)


async def test_a_valid_code_is_never_refused_for_someone_elses_guesses(
    client: Client, voting_round: MakeRound
) -> None:
    """Behind one address (a proxy, a library), a voter with a valid code still gets in."""
    voting = await voting_round()
    for _ in range(12):
        await start(client, voting.id, "2222-3333-4444")
    assert (await start(client, voting.id, voting.codes[0])).status_code == 200


async def test_reissued_code_replaces_the_old_one(client: Client, voting_round: MakeRound) -> None:
    """Reissuing voids the old code and the new one votes; both actions are audited."""
    from app.audit.tables import AuditEvent
    from ballots.box import issuing, queries

    voting = await voting_round(codes=1)
    code_id = (await queries.round_codes(voting.id))[0]["id"]
    reissued = await issuing.reissue_code(code_id, actor="user:1", reason="wrong address")
    fresh = reissued.value
    assert fresh is not None, reissued
    assert (await start(client, voting.id, voting.codes[0])).status_code == 400
    assert (await vote(client, voting.id, fresh.code, [])).status_code == 200
    events = await AuditEvent.select(AuditEvent.action, AuditEvent.payload).where(
        AuditEvent.subject == f"voting-code:{code_id}"
    )
    assert [e["action"] for e in events] == ["voting_codes.reissued"]
    assert fresh.code.replace("-", "") not in events[0]["payload"]


async def test_votes_outside_the_voting_dates_are_refused(
    client: Client, voting_round: MakeRound
) -> None:
    """Before the opening, after the close, or outside the voting phase nothing is stored."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    early = await voting_round(voting_starts=now + timedelta(hours=1))
    late = await voting_round(counting_starts=now - timedelta(minutes=1))
    other = await voting_round(phase="deliberating")
    for voting in (early, late, other):
        response = await start(client, voting.id, voting.codes[0])
        assert response.status_code == 403
        direct = await post_form(
            client, f"/stemmen/{voting.id}/uitbrengen", {"code": voting.codes[0], "choice": []}
        )
        assert direct.status_code == 403
        assert await counts(voting.id) == (0, 0)


async def test_phase_change_is_decided_at_commit(voting_round: MakeRound) -> None:
    """A ballot page cached while voting ran cannot cast once the round has moved on."""
    from app.answer import FORBIDDEN
    from app.rounds.tables import Round
    from ballots.box import messages, services, store
    from ballots.counting.model import Ballot

    voting = await voting_round()
    page = await services.ballot_page(voting.id)
    assert page is not None
    check = await services.verify_code(voting.id, voting.codes[0], "10.0.0.1")
    assert check.voter is not None
    await Round.update({Round.phase: "counting"}).where(Round.id == voting.id)
    result = await services.cast_ballot(page, check.voter, Ballot(projects=("P1",)))
    assert result.problems == {FORBIDDEN: messages.outcome(store.CLOSED)}
    assert await counts(voting.id) == (0, 0)
