"""The ballot box and the register answer with the one answer type: a value, or a reason."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_cast import vote
from tests.support.web import Account, login, post_form

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]


async def test_a_cast_answers_its_receipt_and_a_second_cast_is_a_conflict(
    voting_round: MakeRound,
) -> None:
    """The first cast answers the receipt (tracker and board hash, no change code in a round
    without changes); the second answers `_conflict` with the voter's message, and no value."""
    from app.answer import CONFLICT
    from ballots.box import messages, services, store
    from ballots.counting.model import Ballot

    voting = await voting_round()
    page = await services.ballot_page(voting.id)
    check = await services.verify_code(voting.id, voting.codes[0], "10.0.4.1")
    assert page is not None and check.voter is not None
    first = await services.cast_ballot(page, check.voter, Ballot(projects=("P1",)))
    assert first.value is not None and first.problems == {}
    assert (len(first.value.tracker) > 8, first.value.token) == (True, "")
    assert len(first.value.sealed_hash) == 64
    again = await services.cast_ballot(page, check.voter, Ballot(projects=("P2",)))
    assert again.value is None
    assert again.problems == {CONFLICT: messages.outcome(store.ALREADY_VOTED)}


async def test_a_ballot_that_breaks_the_rules_answers_its_problems_by_field(
    voting_round: MakeRound,
) -> None:
    """Ballot problems come back keyed `ballot.<code>`, each a sentence for the voter."""
    from ballots.box import services
    from ballots.counting.model import Ballot

    voting = await voting_round()
    page = await services.ballot_page(voting.id)
    check = await services.verify_code(voting.id, voting.codes[0], "10.0.4.2")
    assert page is not None and check.voter is not None
    answer = await services.cast_ballot(page, check.voter, Ballot(projects=("P1", "NOPE")))
    assert answer.value is None and answer.reason == ""
    assert list(answer.problems) == ["ballot.unknown_project"]
    assert await services.has_voted(check.voter) is False


async def test_staff_see_why_a_used_code_cannot_be_voided(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Voiding a code that voted is a 409 that says the code was used (not a guess between
    "used" and "voided")."""
    from ballots.box import queries

    voting = await voting_round(codes=1)
    assert (await vote(client, voting.id, voting.codes[0], ["P1"])).status_code == 200
    await login(client, await make_user(role="staff"))
    [row] = await queries.round_codes(voting.id)
    refused = await post_form(client, f"/beheer/stemmen/{voting.id}/codes/{row['id']}/intrekken")
    assert refused.status_code == 409
    assert "Met deze stemcode is al gestemd." in refused.text


async def test_confirming_codes_answers_how_many_and_refuses_the_requester(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Codes asked for by one staff member: that one is refused (`_forbidden`), a second
    confirms and the answer is the number of codes that can now vote."""
    from app.answer import FORBIDDEN
    from ballots.box import issuing
    from ballots.box.tables import CodeApproval

    voting = await voting_round(codes=0)
    asker, second = await make_user(role="staff"), await make_user(role="staff")
    made = await issuing.generate_codes(voting.id, count=3, actor="test", requested_by=asker.id)
    assert made.value is not None and len(made.value) == 3
    batch = str((await CodeApproval.select(CodeApproval.batch).first() or {})["batch"])
    own = await issuing.confirm_codes(voting.id, batch, staff_id=asker.id, actor="test")
    assert own.reason == FORBIDDEN and own.value is None
    confirmed = await issuing.confirm_codes(voting.id, batch, staff_id=second.id, actor="test")
    assert confirmed.ok and confirmed.value == 3
    again = await issuing.confirm_codes(voting.id, batch, staff_id=second.id, actor="test")
    assert again.reason == FORBIDDEN


async def test_codes_for_an_ended_round_and_a_register_twice_are_refused_in_words(
    voting_round: MakeRound,
) -> None:
    """Issuing after voting ended answers `_form` (a 400 page) with a Dutch sentence; an
    unverified poll declared twice answers `_conflict` (a 409 page)."""
    from app.answer import CONFLICT, FORM
    from app.rounds.tables import Round
    from ballots.box import issuing
    from ballots.register import services as register

    voting = await voting_round(codes=0)
    await Round.update({Round.phase: "deliberating"}).where(Round.id == voting.id)
    assert (await register.mark_unverified(voting.id, actor="test")).ok
    twice = await register.mark_unverified(voting.id, actor="test")
    assert twice.reason == CONFLICT and "al een register" in twice.message
    await Round.update({Round.phase: "counting"}).where(Round.id == voting.id)
    ended = await issuing.generate_codes(voting.id, count=1, actor="test")
    assert ended.problems == {FORM: "Het stemmen in deze ronde is voorbij."}
