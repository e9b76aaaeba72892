"""Following projects: who may follow, progress mail with one-click unsubscribe."""

from __future__ import annotations

import re

from app.web.answers import status_of
from tests.integration.deliberation.world import Browsers, MakeUser, body_of, mails_to
from tests.integration.delivery.world import (
    certify,
    decided_round,
    funded_projects,
    record_vote,
    resident,
    staff,
)
from tests.support.web import post_form


async def _supported(proposal_id: int, user_id: int) -> None:
    from deliberation.tables import Support

    await Support.insert(
        Support(proposal=proposal_id, user=user_id, pair=f"{proposal_id}:{user_id}")
    )


async def test_proposer_supporter_and_voter_may_follow_others_not(make_user: MakeUser) -> None:
    """The proposer follows from the start; a supporter and a voter may; anyone else may not."""
    from delivery import follows, queries

    author, supporter, voter, stranger = [await make_user() for _ in range(4)]
    round_id, _line = await decided_round()
    funded = await funded_projects(round_id, author=author.id)
    project_id = (await certify(round_id, funded))[0]
    await _supported(int(funded[0]["proposal_id"]), supporter.id)
    await record_vote(round_id, voter.id)
    assert await queries.is_following(project_id, author.id)
    for person in (supporter, voter):
        assert (await follows.follow(resident(person), project_id)).ok
        assert await queries.is_following(project_id, person.id)
    refused = await follows.follow(resident(stranger), project_id)
    assert (refused.ok, status_of(refused)) == (False, 403)
    assert not await queries.is_following(project_id, stranger.id)
    assert (await follows.follow(resident(voter), project_id)).ok  # following twice is fine


async def test_followers_get_mail_on_progress_and_can_unsubscribe_in_one_click(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A status change and a reached milestone each mail followers; the link stops the mail."""
    from delivery import services

    author = await make_user()
    round_id, _line = await decided_round()
    project_id = (await certify(round_id, await funded_projects(round_id, author=author.id)))[0]
    worker = staff(await make_user("staff"))
    assert (await services.change_status(worker, project_id, "in_progress")).ok
    [mail] = await mails_to(author.email)
    text = body_of(mail)
    assert "in uitvoering" in text
    assert f"/projecten/{project_id}" in text
    milestone = await services.add_milestone(worker, project_id, "Bankjes geplaatst")
    assert milestone.value is not None
    assert len(await mails_to(author.email)) == 1  # adding a planned step is no news
    assert (await services.reach_milestone(worker, project_id, milestone.value)).ok
    assert "Bankjes geplaatst" in body_of((await mails_to(author.email))[-1])
    link = re.search(r"https?://\S+/projecten/afmelden/(\S+)", text)
    assert link is not None
    browser = await open_browser()
    confirm = await browser.get(f"/projecten/afmelden/{link.group(1)}")
    assert confirm.status_code == 200
    assert 'data-testid="unsubscribe-button"' in confirm.text
    done = await post_form(browser, f"/projecten/afmelden/{link.group(1)}")
    assert (done.status_code, 'data-testid="unsubscribed"' in done.text) == (200, True)
    assert (await services.change_status(worker, project_id, "delivered")).ok
    assert len(await mails_to(author.email)) == 2
    again = await post_form(browser, f"/projecten/afmelden/{link.group(1)}")
    assert again.status_code == 404


async def test_follow_buttons_over_http(make_user: MakeUser, open_browser: Browsers) -> None:
    """A voter sees the follow button and follows; a stranger sees why they cannot."""
    round_id, _line = await decided_round()
    project_id = (await certify(round_id, await funded_projects(round_id)))[0]
    voter = await make_user()
    await record_vote(round_id, voter.id)
    client = await open_browser(voter)
    page = await client.get(f"/projecten/{project_id}")
    assert 'data-testid="project-follow"' in page.text
    followed = await post_form(client, f"/projecten/{project_id}/volgen")
    assert followed.status_code == 303
    page = await client.get(f"/projecten/{project_id}")
    assert 'data-testid="project-following"' in page.text
    assert (await post_form(client, f"/projecten/{project_id}/ontvolgen")).status_code == 303
    stranger = await open_browser(await make_user())
    page = await stranger.get(f"/projecten/{project_id}")
    assert 'data-testid="project-follow-refusal"' in page.text
    refused = await post_form(stranger, f"/projecten/{project_id}/volgen")
    assert refused.status_code == 403
