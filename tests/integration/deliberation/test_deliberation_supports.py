"""Supports: once per resident of the round's area, withdrawable while open, counts in step."""

from __future__ import annotations

import asyncio

from app.web.answers import status_of
from tests.integration.deliberation.world import (
    INSIDE,
    OUTSIDE,
    Browsers,
    MakeUser,
    make_proposal,
    make_round,
    proposal_row,
)
from tests.support.web import post_form


async def _supports(proposal_id: int) -> int:
    from deliberation.tables import Support

    return int(await Support.count().where(Support.proposal == proposal_id))


async def test_resident_supports_once_and_second_is_refused(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """The first support is stored and counted; a second one is refused and stores nothing."""
    proposal_id = await make_proposal(await make_round())
    browser = await open_browser(await make_user(postcode=INSIDE))
    first = await post_form(browser, f"/voorstellen/{proposal_id}/steunen")
    assert first.status_code == 303
    second = await post_form(browser, f"/voorstellen/{proposal_id}/steunen")
    assert second.status_code == 409
    assert "already support" in second.text
    assert await _supports(proposal_id) == 1
    assert (await proposal_row(proposal_id))["support_count"] == 1


async def test_support_can_be_withdrawn_while_open(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Withdrawing removes the support and lowers the count; withdrawing again is refused."""
    proposal_id = await make_proposal(await make_round())
    browser = await open_browser(await make_user(postcode=INSIDE))
    await post_form(browser, f"/voorstellen/{proposal_id}/steunen")
    withdrawn = await post_form(browser, f"/voorstellen/{proposal_id}/steun-intrekken")
    assert withdrawn.status_code == 303
    assert await _supports(proposal_id) == 0
    assert (await proposal_row(proposal_id))["support_count"] == 0
    again = await post_form(browser, f"/voorstellen/{proposal_id}/steun-intrekken")
    assert again.status_code == 409
    assert (await proposal_row(proposal_id))["support_count"] == 0


async def test_resident_outside_the_area_is_refused(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A resident of Oosterpark cannot support in a Binnenstad round."""
    proposal_id = await make_proposal(await make_round())
    browser = await open_browser(await make_user(postcode=OUTSIDE))
    response = await post_form(browser, f"/voorstellen/{proposal_id}/steunen")
    assert response.status_code == 403
    assert "Only residents of Binnenstad" in response.text
    assert await _supports(proposal_id) == 0


async def test_support_in_the_wrong_phase_is_refused(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """In the voting phase supports can neither be given nor withdrawn."""
    proposal_id = await make_proposal(await make_round(phase="voting"))
    browser = await open_browser(await make_user(postcode=INSIDE))
    response = await post_form(browser, f"/voorstellen/{proposal_id}/steunen")
    assert response.status_code == 409
    assert "not open in this phase" in response.text
    assert await _supports(proposal_id) == 0
    withdraw = await post_form(browser, f"/voorstellen/{proposal_id}/steun-intrekken")
    assert withdraw.status_code == 409


async def test_unconfirmed_email_and_visitors_are_refused(open_browser: Browsers) -> None:
    """A visitor who is not signed in gets 401 and nothing is stored."""
    proposal_id = await make_proposal(await make_round())
    visitor = await open_browser()
    response = await post_form(visitor, f"/voorstellen/{proposal_id}/steunen")
    assert response.status_code == 401
    assert await _supports(proposal_id) == 0


async def test_unconfirmed_email_is_refused() -> None:
    """A resident whose email is not confirmed cannot support (service level)."""
    from app.accounts.permissions import Principal
    from deliberation import services

    proposal_id = await make_proposal(await make_round())
    user = Principal(id=10**8, postcode=INSIDE, email_confirmed=False)
    outcome = await services.support(user, proposal_id)
    assert (outcome.ok, status_of(outcome)) == (False, 403)
    assert await _supports(proposal_id) == 0


async def test_concurrent_double_support_stores_one_row(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Two simultaneous supports by one resident: one row, count 1, the other answered calmly."""
    proposal_id = await make_proposal(await make_round())
    browser = await open_browser(await make_user(postcode=INSIDE))
    path = f"/voorstellen/{proposal_id}/steunen"
    responses = await asyncio.gather(post_form(browser, path), post_form(browser, path))
    assert sorted(response.status_code for response in responses) == [303, 409]
    assert await _supports(proposal_id) == 1
    assert (await proposal_row(proposal_id))["support_count"] == 1


async def test_concurrent_service_calls_hit_the_unique_index() -> None:
    """Even when both requests pass the existence check, the unique pair keeps one row."""
    from app.accounts.permissions import Principal
    from app.accounts.tables import User
    from deliberation import services

    proposal_id = await make_proposal(await make_round())
    rows = await User.insert(
        User(
            email=f"race-{proposal_id}@example.org",
            name="Race",
            password_hash="x",
            postcode=INSIDE,
            email_confirmed=True,
        )
    ).returning(User.id)
    user = Principal(id=int(rows[0]["id"]), postcode=INSIDE, email_confirmed=True)
    outcomes = await asyncio.gather(*(services.support(user, proposal_id) for _ in range(4)))
    assert sum(outcome.ok for outcome in outcomes) == 1
    assert {409} == {status_of(outcome) for outcome in outcomes if not outcome.ok}
    assert await _supports(proposal_id) == 1
    assert (await proposal_row(proposal_id))["support_count"] == 1


async def test_hidden_proposal_cannot_be_supported(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A proposal a moderator hid takes no supports."""
    proposal_id = await make_proposal(await make_round(), hidden="Spam")
    browser = await open_browser(await make_user(postcode=INSIDE))
    response = await post_form(browser, f"/voorstellen/{proposal_id}/steunen")
    assert response.status_code == 403
    assert await _supports(proposal_id) == 0
