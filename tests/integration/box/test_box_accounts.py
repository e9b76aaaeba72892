"""Voting with an account (area, confirmed email, age box) and desk registration by staff."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_cast import counts
from tests.support.web import Account, login, post_form

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]
REFERENCE = re.compile(r'data-testid="desk-reference">(D-[2-9A-Z]{4}-[2-9A-Z]{4})<')


async def postcode_for(round_id: int) -> str:
    """A postcode that lies in the round's area (a fresh range for this round).

    The shared fixture makes lower-case area codes, which the area queries (upper case)
    cannot find; the code is made upper case here.
    """
    from app.areas.tables import Area, PostcodeRange
    from app.rounds.queries import round_by_id
    from ballots.box import services

    view = await round_by_id(round_id)
    assert view is not None
    await Area.update({Area.code: view.area_code.upper()}).where(Area.id == view.area_id)
    services.forget_caches()
    digits = 1000 + round_id % 9000
    await PostcodeRange.insert(
        PostcodeRange(digits=digits, letters_from="AA", letters_to="ZZ", area=view.area_id)
    )
    return f"{digits}AB"


async def resident(make_user: MakeUser, round_id: int) -> Account:
    """A confirmed resident whose postcode lies in the round's area."""
    return await make_user(postcode=await postcode_for(round_id))


async def account_vote(client: httpx.AsyncClient, round_id: int, body: dict[str, Any]) -> Any:
    """Confirm, then cast, a ballot as the signed-in user; returns the cast response."""
    base = f"/stemmen/{round_id}/met-account"
    confirm = await post_form(client, f"{base}/controleren", {"age_confirmed": "yes", **body})
    assert confirm.status_code == 200, confirm.text
    assert 'data-testid="vote-cast"' in confirm.text
    return await post_form(client, f"{base}/uitbrengen", {"age_confirmed": "yes", **body})


async def test_a_resident_of_the_area_votes_once_with_an_account(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Signed in, confirmed and living in the area: ballot, confirmation, receipt, once."""
    voting = await voting_round(codes=0)
    await login(client, await resident(make_user, voting.id))
    page = await client.get(f"/stemmen/{voting.id}/met-account")
    assert page.status_code == 200 and 'data-testid="vote-age"' in page.text
    cast = await account_vote(client, voting.id, {"choice": ["P1", "P2"]})
    assert cast.status_code == 200 and 'data-testid="receipt"' in cast.text
    assert await counts(voting.id) == (1, 1)
    again = await client.get(f"/stemmen/{voting.id}/met-account")
    assert again.status_code == 409
    twice = await post_form(
        client,
        f"/stemmen/{voting.id}/met-account/uitbrengen",
        {"age_confirmed": "yes", "choice": ["P3"]},
    )
    assert twice.status_code == 409
    assert await counts(voting.id) == (1, 1)


async def test_outside_the_area_or_unconfirmed_or_anonymous_is_refused(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """A postcode elsewhere, an unconfirmed email or no login stores nothing."""
    from app.accounts.tables import User

    voting = await voting_round(codes=0)
    anonymous = await client.get(f"/stemmen/{voting.id}/met-account")
    assert anonymous.status_code in (302, 303) and "inloggen" in anonymous.headers["location"]
    outsider = await make_user(postcode="")
    await login(client, outsider)
    refused = await client.get(f"/stemmen/{voting.id}/met-account")
    assert refused.status_code == 403
    other = await voting_round(codes=0)
    await User.update({User.postcode: await postcode_for(other.id)}).where(User.id == outsider.id)
    page = await client.get(f"/stemmen/{voting.id}/met-account")
    assert page.status_code == 403 and 'data-reason="outside_area"' in page.text
    cast = await post_form(
        client,
        f"/stemmen/{voting.id}/met-account/uitbrengen",
        {"age_confirmed": "yes", "choice": ["P1"]},
    )
    assert cast.status_code == 403
    await User.update(
        {User.postcode: await postcode_for(voting.id), User.email_confirmed: False}
    ).where(User.id == outsider.id)
    unconfirmed = await client.get(f"/stemmen/{voting.id}/met-account")
    assert unconfirmed.status_code == 403 and 'data-reason="unconfirmed"' in unconfirmed.text
    assert await counts(voting.id) == (0, 0)


async def test_the_age_box_is_required(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Without confirming the voting age the ballot goes back with a message; nothing stored."""
    voting = await voting_round(codes=0)
    await login(client, await resident(make_user, voting.id))
    for step in ("controleren", "uitbrengen"):
        response = await post_form(
            client, f"/stemmen/{voting.id}/met-account/{step}", {"choice": ["P1"]}
        )
        assert response.status_code == 400 and 'data-testid="vote-error"' in response.text
    assert await counts(voting.id) == (0, 0)


async def test_an_account_changes_its_ballot_with_the_change_code(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Where changing is allowed, the change code from the receipt replaces the ballot."""
    voting = await voting_round(codes=0, allow_vote_change=True)
    await login(client, await resident(make_user, voting.id))
    first = await account_vote(client, voting.id, {"choice": ["P1"]})
    token = re.search(r'data-testid="change-token">([^<]+)<', first.text)
    assert token is not None
    wrong = await post_form(
        client,
        f"/stemmen/{voting.id}/met-account/uitbrengen",
        {"age_confirmed": "yes", "choice": ["P2"], "token": "AAAAA-AAAAA-AAAAA-AAAAA"},
    )
    assert wrong.status_code == 400
    changed = await account_vote(client, voting.id, {"choice": ["P2"], "token": token.group(1)})
    assert changed.status_code == 200, changed.text
    assert await counts(voting.id) == (1, 1)


async def test_staff_register_a_resident_at_the_desk_who_then_votes_there(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Name, postcode and house number in the area give a reference; audited; one desk vote."""
    from app.audit.tables import AuditEvent
    from ballots.box.tables import DeskRegistration

    voting = await voting_round(codes=0)
    postcode = await postcode_for(voting.id)
    first = await make_user(role="staff")
    await login(client, first)
    desk = f"/beheer/stemmen/{voting.id}/balie"
    outside = await post_form(
        client, desk, {"name": "Jan", "postcode": "1011AB", "house_number": "1"}
    )
    assert outside.status_code == 400
    body = {"name": "Jan de Vries", "postcode": postcode, "house_number": "12a"}
    registered = await post_form(client, desk, body)
    assert registered.status_code == 201, registered.text
    found = REFERENCE.search(registered.text)
    assert found is not None
    assert (await post_form(client, desk, body)).status_code == 400  # registered once only
    assert await DeskRegistration.count().where(DeskRegistration.round == voting.id) == 1
    events = await AuditEvent.select().where(AuditEvent.action == "voting_desk.registered")
    assert any(e["subject"] == f"round:{voting.id}" for e in events)
    base = f"/beheer/stemmen/{voting.id}/balie/{found.group(1)}"
    # Outside a register: no vote until a second staff member confirms (issue 10).
    assert (await client.get(base)).status_code == 404
    registration = await DeskRegistration.select(DeskRegistration.id).where(
        DeskRegistration.round == voting.id
    )
    approve = f"/beheer/stemmen/{voting.id}/balie-bevestigen/{registration[0]['id']}"
    assert (await post_form(client, approve)).status_code == 403
    assert (await client.get(base)).status_code == 404
    await login(client, await make_user(role="staff"))
    assert (await post_form(client, approve)).status_code == 200
    assert (await client.get(base)).status_code == 200
    confirm = await post_form(client, f"{base}/controleren", {"choice": ["P4"]})
    assert confirm.status_code == 200
    cast = await post_form(client, f"{base}/uitbrengen", {"choice": ["P4"]})
    assert cast.status_code == 200 and 'data-testid="receipt"' in cast.text
    assert (await post_form(client, f"{base}/uitbrengen", {"choice": ["P4"]})).status_code == 409
    assert await counts(voting.id) == (1, 1)


async def test_residents_cannot_use_the_desk(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """The desk pages are for staff only."""
    voting = await voting_round(codes=0)
    await login(client, await make_user())
    assert (await client.get(f"/beheer/stemmen/{voting.id}/balie")).status_code == 403
