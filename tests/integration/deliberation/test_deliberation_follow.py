"""Following: mail on status changes and official answers, with a one-click unsubscribe."""

from __future__ import annotations

import re

from tests.integration.deliberation.world import (
    BINNENSTAD,
    INSIDE,
    Browsers,
    MakeUser,
    body_of,
    mails_to,
    make_proposal,
    make_round,
)
from tests.support.web import post_form

_UNSUBSCRIBE = re.compile(r"https?://\S+?(/afmelden/[A-Za-z0-9_-]+)")


async def test_follower_gets_mail_on_status_change_and_unsubscribes(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A status change mails the follower with the reason; the link's button stops the mail."""
    from app.db import transaction
    from deliberation.tables import Follow
    from proposals import services as proposal_services

    proposal_id = await make_proposal(await make_round())
    account = await make_user(postcode=INSIDE)
    browser = await open_browser(account)
    assert (await post_form(browser, f"/voorstellen/{proposal_id}/volgen")).status_code == 303
    stored = await Follow.select(Follow.unsubscribe_token).where(Follow.user == account.id)
    assert len(stored) == 1
    async with transaction():
        await proposal_services.set_status(proposal_id, "not_feasible", "Te duur", None, "staff")
    await proposal_services.announce_status(proposal_id, "not_feasible", "Te duur")
    mails = await mails_to(account.email)
    assert len(mails) == 1
    body = body_of(mails[0])
    assert "Te duur" in body
    link = _UNSUBSCRIBE.search(body)
    assert link is not None
    token = link.group(1).rsplit("/", 1)[1]
    assert token not in str(stored[0]["unsubscribe_token"])  # stored only hashed
    visitor = await open_browser()
    confirm_page = await visitor.get(link.group(1))
    assert confirm_page.status_code == 200
    assert 'data-testid="unsubscribe-button"' in confirm_page.text
    assert await Follow.count().where(Follow.user == account.id) == 1
    done = await post_form(visitor, link.group(1))
    assert done.status_code == 200
    assert 'data-testid="unsubscribed"' in done.text
    assert await Follow.count().where(Follow.user == account.id) == 0
    assert (await visitor.get(link.group(1))).status_code == 404


async def test_official_answer_mails_followers(make_user: MakeUser, open_browser: Browsers) -> None:
    """An answer by the area's council reaches followers; a resident's comment does not."""
    proposal_id = await make_proposal(await make_round())
    follower = await make_user(postcode=INSIDE)
    follower_browser = await open_browser(follower)
    await post_form(follower_browser, f"/voorstellen/{proposal_id}/volgen")
    await post_form(follower_browser, f"/voorstellen/{proposal_id}/reacties", {"body": "Vraag?"})
    assert await mails_to(follower.email) == []
    council = await open_browser(await make_user("council", area_code=BINNENSTAD))
    await post_form(
        council, f"/voorstellen/{proposal_id}/reacties", {"body": "Antwoord van de raad"}
    )
    mails = await mails_to(follower.email)
    assert len(mails) == 1
    assert "Antwoord van de raad" in body_of(mails[0])
    assert "/afmelden/" in body_of(mails[0])


async def test_follow_twice_and_unfollow(make_user: MakeUser, open_browser: Browsers) -> None:
    """Following is idempotent; unfollowing removes the follow."""
    from deliberation.tables import Follow

    proposal_id = await make_proposal(await make_round())
    account = await make_user(postcode=INSIDE)
    browser = await open_browser(account)
    for _ in range(2):
        await post_form(browser, f"/voorstellen/{proposal_id}/volgen")
    assert await Follow.count().where(Follow.user == account.id) == 1
    page = (await browser.get(f"/voorstellen/{proposal_id}")).text
    assert 'data-testid="unfollow-button"' in page
    await post_form(browser, f"/voorstellen/{proposal_id}/ontvolgen")
    assert await Follow.count().where(Follow.user == account.id) == 0


async def test_bad_unsubscribe_token_is_404(open_browser: Browsers) -> None:
    """An unknown token shows a calm 404 page."""
    visitor = await open_browser()
    assert (await visitor.get("/afmelden/not-a-token")).status_code == 404
    assert (await post_form(visitor, "/afmelden/not-a-token")).status_code == 404


async def test_the_author_gets_mail_when_their_proposal_is_reviewed(make_user: MakeUser) -> None:
    """Without following it, the author hears the outcome and the public reason."""
    from app.db import transaction
    from proposals import services as proposal_services
    from proposals.tables import Proposal

    proposal_id = await make_proposal(await make_round(), status="submitted")
    author = await make_user(postcode=INSIDE)
    await Proposal.update({Proposal.author: author.id}).where(Proposal.id == proposal_id)
    async with transaction():
        await proposal_services.set_status(proposal_id, "feasible", "Past in het plan", None, "s")
    await proposal_services.announce_status(proposal_id, "feasible", "Past in het plan")
    mails = await mails_to(author.email)
    assert len(mails) == 1
    assert "Past in het plan" in body_of(mails[0]) and "beoordeeld" in body_of(mails[0])
