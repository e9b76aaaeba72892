"""Comments: threaded replies, official answers, script shown as text, limits and refusals."""

from __future__ import annotations

from tests.integration.deliberation.world import (
    BINNENSTAD,
    INSIDE,
    OOSTERPARK,
    Browsers,
    MakeUser,
    make_proposal,
    make_round,
    proposal_row,
)
from tests.support.web import post_form


async def _comments(proposal_id: int) -> list[dict[str, object]]:
    from deliberation.tables import Comment

    rows: list[dict[str, object]] = (
        await Comment.select().where(Comment.proposal == proposal_id).order_by(Comment.id)
    )
    return rows


async def test_comment_and_reply_render_as_a_nested_thread(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A reply is stored under its parent and rendered in a nested list; counts move."""
    proposal_id = await make_proposal(await make_round())
    browser = await open_browser(await make_user(postcode=INSIDE))
    path = f"/voorstellen/{proposal_id}/reacties"
    first = await post_form(browser, path, {"body": "Goed idee!\nMet twee regels."})
    assert first.status_code == 303
    parent = (await _comments(proposal_id))[0]
    reply = await post_form(browser, path, {"body": "Eens.", "parent": str(parent["id"])})
    assert reply.status_code == 303
    rows = await _comments(proposal_id)
    assert [None, parent["id"]] == [row["parent"] for row in rows]
    assert (await proposal_row(proposal_id))["comment_count"] == 2
    page = (await browser.get(f"/voorstellen/{proposal_id}")).text
    assert 'data-testid="comment-list"' in page
    assert 'class="replies"' in page
    assert "Goed idee!<br>Met twee regels." in page
    assert 'data-testid="comment-form"' in page


async def test_script_in_a_comment_is_shown_as_text(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Markup in a comment is escaped, never run."""
    proposal_id = await make_proposal(await make_round())
    browser = await open_browser(await make_user(postcode=INSIDE))
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    await post_form(browser, f"/voorstellen/{proposal_id}/reacties", {"body": attack})
    page = (await browser.get(f"/voorstellen/{proposal_id}")).text
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
    assert "<img src=x" not in page


async def test_staff_and_council_answers_are_official(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Staff and the area's council get the official badge; a resident does not."""
    proposal_id = await make_proposal(await make_round())
    path = f"/voorstellen/{proposal_id}/reacties"
    resident = await open_browser(await make_user(postcode=INSIDE))
    staff = await open_browser(await make_user("staff", postcode=""))
    council = await open_browser(await make_user("council", area_code=BINNENSTAD))
    other_council = await open_browser(await make_user("council", area_code=OOSTERPARK))
    for browser, text in ((resident, "r"), (staff, "s"), (council, "c"), (other_council, "o")):
        assert (await post_form(browser, path, {"body": text})).status_code == 303
    officials = [(row["body"], row["official"]) for row in await _comments(proposal_id)]
    assert officials == [("r", ""), ("s", "staff"), ("c", "council"), ("o", "")]
    page = (await resident.get(f"/voorstellen/{proposal_id}")).text
    assert page.count('data-testid="official-badge"') == 2


async def test_comment_on_hidden_proposal_is_refused(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A hidden proposal takes no comments: 403 with a clear message, nothing stored."""
    proposal_id = await make_proposal(await make_round(), hidden="Beledigend")
    browser = await open_browser(await make_user(postcode=INSIDE))
    response = await post_form(browser, f"/voorstellen/{proposal_id}/reacties", {"body": "Hoi"})
    assert response.status_code == 403
    assert "hidden by a moderator" in response.text
    assert await _comments(proposal_id) == []


async def test_bad_comments_are_refused(make_user: MakeUser, open_browser: Browsers) -> None:
    """Empty, overlong, wrong-phase and foreign-parent comments are refused; nothing stored."""
    proposal_id = await make_proposal(await make_round())
    other_id = await make_proposal(await make_round())
    closed_id = await make_proposal(await make_round(phase="counting"))
    browser = await open_browser(await make_user(postcode=INSIDE))
    await post_form(browser, f"/voorstellen/{other_id}/reacties", {"body": "elders"})
    foreign = (await _comments(other_id))[0]["id"]
    path = f"/voorstellen/{proposal_id}/reacties"
    assert (await post_form(browser, path, {"body": "   "})).status_code == 400
    too_long = await post_form(browser, path, {"body": "x" * 2001})
    assert too_long.status_code == 400
    assert "at most 2000 characters" in too_long.text
    wrong_parent = await post_form(browser, path, {"body": "a", "parent": str(foreign)})
    assert wrong_parent.status_code == 400
    closed = await post_form(browser, f"/voorstellen/{closed_id}/reacties", {"body": "a"})
    assert closed.status_code == 409
    assert await _comments(proposal_id) == []
    assert await _comments(closed_id) == []
    assert (await post_form(browser, path, {"body": "x" * 2000})).status_code == 303


async def test_missing_proposal_is_404(make_user: MakeUser, open_browser: Browsers) -> None:
    """Comments and supports on a proposal that does not exist answer 404, not 500."""
    browser = await open_browser(await make_user(postcode=INSIDE))
    assert (
        await post_form(browser, "/voorstellen/999999/reacties", {"body": "a"})
    ).status_code == 404
    assert (await post_form(browser, "/voorstellen/999999/steunen")).status_code == 404
