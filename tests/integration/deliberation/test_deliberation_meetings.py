"""Meetings (bewonersavonden): council or staff plan and edit them; pages and panel show them."""

from __future__ import annotations

from tests.integration.deliberation.world import (
    BINNENSTAD,
    OOSTERPARK,
    Browsers,
    MakeUser,
    make_proposal,
    make_round,
)
from tests.support.web import post_form


def _form(proposal_id: int, **changes: str) -> dict[str, object]:
    return {
        "title": "Bewonersavond Binnenstad",
        "date": "2026-03-12",
        "time": "19:30",
        "place": "Buurthuis De Kroon",
        "agenda": "1. Opening\n2. Voorstellen",
        "minutes": "",
        "proposal_ids": [str(proposal_id)],
        **changes,
    }


async def test_council_creates_and_edits_a_meeting(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Create, read, add minutes; the proposal's panel lists the meeting; both are audited."""
    from app.audit.tables import AuditEvent
    from deliberation.tables import Meeting

    round_id = await make_round()
    proposal_id = await make_proposal(round_id)
    council = await open_browser(await make_user("council", area_code=BINNENSTAD))
    form_page = await council.get(f"/rondes/{round_id}/bijeenkomsten/nieuw")
    assert 'data-testid="meeting-form"' in form_page.text
    created = await post_form(council, f"/rondes/{round_id}/bijeenkomsten", _form(proposal_id))
    assert created.status_code == 303
    meeting = await Meeting.select().where(Meeting.round == round_id).first()
    assert meeting is not None
    assert (meeting["starts_at"].hour, meeting["starts_at"].minute) == (18, 30)  # 19:30 CET in UTC
    path = f"/bijeenkomsten/{meeting['id']}"
    assert created.headers["location"] == path
    page = (await council.get(path)).text
    assert "Buurthuis De Kroon" in page and "1. Opening<br>2. Voorstellen" in page
    edited = await post_form(
        council, f"{path}/bewerken", _form(proposal_id, minutes="Veel steun voor het bankje.")
    )
    assert edited.status_code == 303
    assert "Veel steun voor het bankje." in (await council.get(path)).text
    assert "Bewonersavond Binnenstad" in (await council.get(f"/voorstellen/{proposal_id}")).text
    listing = (await council.get(f"/rondes/{round_id}/bijeenkomsten")).text
    assert path in listing
    actions = [
        row["action"]
        for row in await AuditEvent.select(AuditEvent.action).where(
            AuditEvent.subject == f"meeting:{meeting['id']}"
        )
    ]
    assert actions == ["meeting.create", "meeting.edit"]


async def test_meeting_form_problems_and_foreign_proposals(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Missing fields, a bad date and a proposal of another round are refused; nothing stored."""
    from deliberation.tables import Meeting

    round_id = await make_round()
    foreign = await make_proposal(await make_round())
    staff = await open_browser(await make_user("staff", postcode=""))
    response = await post_form(
        staff,
        f"/rondes/{round_id}/bijeenkomsten",
        _form(foreign, title="", date="12 maart", place=""),
    )
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.text
    assert "Link only proposals of this round." in response.text
    assert await Meeting.count().where(Meeting.round == round_id) == 0


async def test_council_of_another_area_and_residents_are_refused(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Oosterpark's council and a resident get 403 on a Binnenstad round's meetings."""
    from deliberation.tables import Meeting

    round_id = await make_round()
    proposal_id = await make_proposal(round_id)
    for account in (
        await make_user("council", area_code=OOSTERPARK),
        await make_user(postcode="9712AB"),
    ):
        browser = await open_browser(account)
        response = await post_form(browser, f"/rondes/{round_id}/bijeenkomsten", _form(proposal_id))
        assert response.status_code == 403
        assert (await browser.get(f"/rondes/{round_id}/bijeenkomsten/nieuw")).status_code == 403
    assert await Meeting.count().where(Meeting.round == round_id) == 0
    council = await open_browser(await make_user("council", area_code=BINNENSTAD))
    await post_form(council, f"/rondes/{round_id}/bijeenkomsten", _form(proposal_id))
    meeting = await Meeting.select(Meeting.id).where(Meeting.round == round_id).first()
    assert meeting is not None
    outsider = await open_browser(await make_user("council", area_code=OOSTERPARK))
    edit = await post_form(outsider, f"/bijeenkomsten/{meeting['id']}/bewerken", _form(proposal_id))
    assert edit.status_code == 403


async def test_missing_meeting_and_round_are_404(open_browser: Browsers) -> None:
    """Unknown ids answer 404 pages."""
    visitor = await open_browser()
    assert (await visitor.get("/bijeenkomsten/999999")).status_code == 404
    assert (await visitor.get("/rondes/999999/bijeenkomsten")).status_code == 404
