"""Turnout per buurt and channel for staff and the area's council, never a choice."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_accounts import postcode_for
from tests.integration.box.test_box_cast import vote
from tests.support.web import Account, login

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]


async def test_turnout_counts_voters_per_buurt_and_channel(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Two online voters in the round's buurt; the page shows counts and no project."""
    from app.rounds.queries import round_by_id
    from ballots.box import queries

    voting = await voting_round(codes=3)
    for code in voting.codes[:2]:
        assert (await vote(client, voting.id, code, ["P1"])).status_code == 200
    view = await round_by_id(voting.id)
    assert view is not None
    rows = await queries.turnout(voting.id)
    assert [(r.buurt_code, r.channel, r.voters) for r in rows] == [(view.area_code, "online", 2)]
    client.cookies.clear()
    await login(client, await make_user(role="staff"))
    page = await client.get(f"/stemmen/{voting.id}/opkomst")
    assert page.status_code == 200
    cell = re.search(rf'data-testid="turnout-{view.area_code}-online"[^>]*>(\d+)<', page.text)
    assert cell is not None and cell.group(1) == "2"
    assert 'data-label="Online"' in page.text  # on a phone each count is led by its channel
    assert "Project P1" not in page.text and "P1" not in page.text


async def test_council_sees_its_own_area_only(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """The area's council member may look; another area's council and residents may not."""
    from app.rounds.queries import round_by_id

    voting = await voting_round(codes=0)
    await postcode_for(voting.id)  # makes the fixture's area code findable
    view = await round_by_id(voting.id)
    assert view is not None
    await login(client, await make_user(role="council", area_code=view.area_code))
    assert (await client.get(f"/stemmen/{voting.id}/opkomst")).status_code == 200
    round_page = await client.get(f"/rondes/{voting.id}")
    assert f'href="/stemmen/{voting.id}/opkomst"' in round_page.text  # one tap from the round
    other = await voting_round(codes=0)
    await postcode_for(other.id)
    other_view = await round_by_id(other.id)
    assert other_view is not None
    client.cookies.clear()
    await login(client, await make_user(role="council", area_code=other_view.area_code))
    assert (await client.get(f"/stemmen/{voting.id}/opkomst")).status_code == 403
    client.cookies.clear()
    await login(client, await make_user())
    assert (await client.get(f"/stemmen/{voting.id}/opkomst")).status_code == 403
    assert "/opkomst" not in (await client.get(f"/rondes/{voting.id}")).text
    client.cookies.clear()
    anonymous = await client.get(f"/stemmen/{voting.id}/opkomst")
    assert anonymous.status_code in (302, 303, 401)
