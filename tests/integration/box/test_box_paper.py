"""Paper ballots: a batch counts only after a second staff member confirms; code cross-checks."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_accounts import REFERENCE, postcode_for
from tests.integration.box.test_box_cast import counts, start, vote
from tests.support.web import Account, login, post_form

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]
BATCH = re.compile(r"/beheer/stemmen/papier/(\d+)$")


async def enter(client: httpx.AsyncClient, round_id: int, ballots: list[dict[str, Any]]) -> Any:
    """Post a batch: each ballot a dict with 'voter' and its ballot fields."""
    body: dict[str, Any] = {"rows": str(len(ballots)), "label": "Stembus wijkcentrum"}
    for at, ballot in enumerate(ballots):
        body.update({f"b{at}-{name}": value for name, value in ballot.items()})
    return await post_form(client, f"/beheer/stemmen/{round_id}/papier", body)


async def batch_count(round_id: int) -> int:
    """How many batches a round has."""
    from ballots.box.tables import PaperBatch

    return int(await PaperBatch.count().where(PaperBatch.round == round_id))


async def as_user(client: httpx.AsyncClient, account: Account) -> None:
    """Switch the client to another account."""
    client.cookies.clear()
    await login(client, account)


async def test_a_second_staff_member_confirms_and_only_then_it_counts(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Entered ballots do not count; the enterer cannot confirm; another can, once."""
    from ballots.box.tables import DeskRegistration, PaperEntry, Participation

    voting = await voting_round(codes=2)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    await as_user(client, first)
    desk = await post_form(
        client,
        f"/beheer/stemmen/{voting.id}/balie",
        {"name": "Piet", "postcode": await postcode_for(voting.id), "house_number": "3"},
    )
    reference = REFERENCE.search(desk.text)
    assert reference is not None
    await as_user(client, second)  # outside a register: a second staff member confirms Piet
    [registration] = await DeskRegistration.select(DeskRegistration.id).where(
        DeskRegistration.round == voting.id
    )
    approve = f"/beheer/stemmen/{voting.id}/balie-bevestigen/{registration['id']}"
    assert (await post_form(client, approve)).status_code == 200
    await as_user(client, first)
    entered = await enter(
        client,
        voting.id,
        [{"voter": voting.codes[0], "choice": ["P1", "P2"]}, {"voter": reference.group(1)}],
    )
    assert entered.status_code == 303, entered.text
    found = BATCH.search(entered.headers["location"])
    assert found is not None
    batch = f"/beheer/stemmen/papier/{found.group(1)}"
    shown = await client.get(batch)
    assert 'data-testid="paper-pending"' in shown.text and 'data-testid="paper-mine"' in shown.text
    assert await counts(voting.id) == (0, 0)
    same = await post_form(client, f"{batch}/bevestigen")
    assert same.status_code == 409 and await counts(voting.id) == (0, 0)
    await as_user(client, second)
    confirmed = await post_form(client, f"{batch}/bevestigen")
    assert confirmed.status_code == 303
    assert await counts(voting.id) == (2, 2)
    channels = await Participation.select(Participation.channel).where(
        Participation.round == voting.id
    )
    assert {r["channel"] for r in channels} == {"paper"}
    assert await PaperEntry.count().where(PaperEntry.batch == int(found.group(1))) == 0
    assert (await post_form(client, f"{batch}/bevestigen")).status_code == 409
    online = await start(client, voting.id, voting.codes[0])
    assert online.status_code == 409  # the code voted on paper cannot vote online
    assert await counts(voting.id) == (2, 2)


async def test_a_code_used_online_or_an_invalid_ballot_refuses_the_whole_batch(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Any problem refuses the batch with the ballot named; nothing is stored."""
    voting = await voting_round(codes=3, ballot_max=2)
    assert (await vote(client, voting.id, voting.codes[0], ["P1"])).status_code == 200
    await as_user(client, await make_user(role="staff"))
    used = await enter(
        client,
        voting.id,
        [{"voter": voting.codes[1], "choice": ["P1"]}, {"voter": voting.codes[0]}],
    )
    assert used.status_code == 400
    assert "Ballot 2:" in used.text or "Stembiljet 2:" in used.text
    invalid = await enter(
        client,
        voting.id,
        [{"voter": voting.codes[1], "choice": ["P1", "P2", "P3"]}],
    )
    assert invalid.status_code == 400 and 'data-testid="paper-problems"' in invalid.text
    twice = await enter(client, voting.id, [{"voter": voting.codes[1]}, {"voter": voting.codes[1]}])
    unknown = await enter(client, voting.id, [{"voter": "NOPE-NOPE-NOPE"}])
    assert twice.status_code == 400 and unknown.status_code == 400
    assert await batch_count(voting.id) == 0 and await counts(voting.id) == (1, 1)


async def test_online_vote_after_entry_refuses_the_confirmation(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """A code that votes online while its paper batch waits makes the confirmation fail whole."""
    voting = await voting_round(codes=2)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    await as_user(client, first)
    entered = await enter(
        client, voting.id, [{"voter": voting.codes[0]}, {"voter": voting.codes[1], "choice": "P1"}]
    )
    assert entered.status_code == 303
    client.cookies.clear()
    assert (await vote(client, voting.id, voting.codes[1], ["P2"])).status_code == 200
    await as_user(client, second)
    refused = await post_form(client, f"{entered.headers['location']}/bevestigen")
    assert refused.status_code == 409 and 'data-testid="paper-problems"' in refused.text
    assert await counts(voting.id) == (1, 1)
    discarded = await post_form(client, f"{entered.headers['location']}/weggooien")
    assert discarded.status_code == 303 and await batch_count(voting.id) == 0
    from ballots.box.tables import PaperEntry

    assert await PaperEntry.count().where(PaperEntry.voter_key != "") == 0


async def test_residents_cannot_enter_paper_ballots(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """The paper pages are for staff only."""
    voting = await voting_round(codes=1)
    await login(client, await make_user())
    assert (await client.get(f"/beheer/stemmen/{voting.id}/papier")).status_code == 403
    assert (await enter(client, voting.id, [{"voter": voting.codes[0]}])).status_code == 403
    assert await batch_count(voting.id) == 0
