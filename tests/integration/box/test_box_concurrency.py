"""The one-ballot rule under concurrent casts, and vote changing with a change code."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_cast import counts, start, vote
from tests.support.box import peek
from tests.support.web import post_form

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[VotingRound]]
TOKEN = re.compile(r'data-testid="change-token">([^<]+)<')


async def test_concurrent_casts_with_one_code_store_one_ballot(voting_round: MakeRound) -> None:
    """Twenty simultaneous casts with the same code: exactly one ballot, the rest refused."""
    from app.answer import CONFLICT
    from ballots.box import services
    from ballots.counting.model import Ballot

    voting = await voting_round()
    page = await services.ballot_page(voting.id)
    check = await services.verify_code(voting.id, voting.codes[0], "10.0.0.2")
    assert page is not None and check.voter is not None
    results = await asyncio.gather(
        *[services.cast_ballot(page, check.voter, Ballot(projects=("P1",))) for _ in range(20)]
    )
    refusals = sorted(r.reason for r in results)
    assert refusals == [""] + [CONFLICT] * 19  # one receipt, nineteen "already voted"
    assert sum(r.value is not None for r in results) == 1
    assert await counts(voting.id) == (1, 1)


async def test_concurrent_http_casts_with_one_code(client: Client, voting_round: MakeRound) -> None:
    """Through HTTP too: one 200 with a receipt, every other attempt 409."""
    voting = await voting_round()
    await client.get(f"/stemmen/{voting.id}")

    async def attempt() -> int:
        response = await post_form(
            client, f"/stemmen/{voting.id}/uitbrengen", {"code": voting.codes[0]}
        )
        return int(response.status_code)

    statuses = sorted(await asyncio.gather(*[attempt() for _ in range(20)]))
    assert statuses == [200] + [409] * 19
    assert await counts(voting.id) == (1, 1)


async def test_many_voters_at_once(voting_round: MakeRound) -> None:
    """Distinct voters casting together all get their ballot stored."""
    from ballots.box import services
    from ballots.counting.model import Ballot

    voting = await voting_round(codes=60)
    page = await services.ballot_page(voting.id)
    assert page is not None
    voters = [
        (await services.verify_code(voting.id, code, "10.0.0.3")).voter for code in voting.codes
    ]
    results = await asyncio.gather(
        *[services.cast_ballot(page, v, Ballot(projects=("P2",))) for v in voters if v]
    )
    assert all(r.ok for r in results)
    assert len({r.value.tracker for r in results if r.value}) == 60
    assert await counts(voting.id) == (60, 60)


async def test_vote_change_supersedes_the_old_ballot(
    client: Client, voting_round: MakeRound
) -> None:
    """With the change code the old ballot is superseded; active ballots equal voters."""
    voting = await voting_round(allow_vote_change=True)
    first = await vote(client, voting.id, voting.codes[0], ["P1"])
    token = TOKEN.search(first.text)
    assert token is not None
    asked = await start(client, voting.id, voting.codes[0])
    assert asked.status_code == 200 and 'data-testid="vote-token"' in asked.text
    wrong = await start(client, voting.id, voting.codes[0], token="AAAAA-BBBBB-CCCCC-DDDDD")
    assert wrong.status_code == 400
    changed = await start(client, voting.id, voting.codes[0], token=token.group(1))
    assert changed.status_code == 200
    voting_pass = re.search(r'name="pass" value="([^"]+)"', changed.text)
    assert voting_pass is not None
    cast = await post_form(
        client,
        f"/stemmen/{voting.id}/uitbrengen",
        {"pass": voting_pass.group(1), "choice": ["P2", "P4"]},
    )
    assert cast.status_code == 200, cast.text
    assert [choices for _, choices in await peek(voting.id)] == ['{"projects":["P2","P4"]}']
    assert await counts(voting.id) == (1, 1)
    # The old change code is spent: replaying the same pass or token changes nothing.
    replay = await post_form(
        client, f"/stemmen/{voting.id}/uitbrengen", {"pass": voting_pass.group(1), "choice": []}
    )
    assert replay.status_code == 400
    assert await counts(voting.id) == (1, 1)


async def test_change_code_of_another_voter_does_not_work(
    client: Client, voting_round: MakeRound
) -> None:
    """A change code is bound to its voter: with someone else's code it is refused."""
    voting = await voting_round(allow_vote_change=True)
    first = await vote(client, voting.id, voting.codes[0], ["P1"])
    token = TOKEN.search(first.text)
    assert token is not None
    await vote(client, voting.id, voting.codes[1], ["P3"])
    stolen = await start(client, voting.id, voting.codes[1], token=token.group(1))
    assert stolen.status_code == 400
    assert await counts(voting.id) == (2, 2)


async def test_no_change_where_the_round_does_not_allow_it(
    client: Client, voting_round: MakeRound
) -> None:
    """Without allow_vote_change the receipt shows no change code and a second try is 409."""
    voting = await voting_round()
    first = await vote(client, voting.id, voting.codes[0], ["P1"])
    assert TOKEN.search(first.text) is None
    assert (await start(client, voting.id, voting.codes[0], token="X")).status_code == 409
