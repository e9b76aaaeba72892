"""Moderation: reports, hiding with a public reason, the audit chain and area scoping."""

from __future__ import annotations

import json

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


async def _comment(browser: object, proposal_id: int, body: str) -> int:
    from deliberation.tables import Comment

    response = await post_form(browser, f"/voorstellen/{proposal_id}/reacties", {"body": body})  # type: ignore[arg-type]
    assert response.status_code == 303
    row = (
        await Comment.select(Comment.id)
        .where(Comment.proposal == proposal_id)
        .order_by(Comment.id, ascending=False)
        .first()
    )
    assert row is not None
    return int(row["id"])


async def test_report_then_hide_shows_reason_and_is_audited(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A reported comment shows in the council's queue; hiding it leaves the reason in place."""
    from app.audit.tables import AuditEvent
    from deliberation.tables import Report

    proposal_id = await make_proposal(await make_round())
    resident = await open_browser(await make_user(postcode=INSIDE))
    comment_id = await _comment(resident, proposal_id, "Scheldwoorden hier")
    reporter = await open_browser(await make_user(postcode=INSIDE))
    reported = await post_form(
        reporter,
        "/meldingen",
        {"kind": "comment", "target_id": comment_id, "proposal_id": proposal_id, "reason": "Grof"},
    )
    assert reported.status_code == 200
    council = await open_browser(await make_user("council", area_code=BINNENSTAD))
    queue = (await council.get("/moderatie")).text
    assert 'data-testid="moderation-queue"' in queue
    assert "Scheldwoorden hier" in queue
    hidden = await post_form(
        council,
        "/moderatie/verbergen",
        {"kind": "comment", "target_id": comment_id, "reason": "Niet volgens de huisregels"},
    )
    assert hidden.status_code == 303
    page = (await resident.get(f"/voorstellen/{proposal_id}")).text
    assert "Niet volgens de huisregels" in page
    assert "Scheldwoorden hier" not in page
    assert await Report.count().where(Report.handled.eq(False), Report.proposal == proposal_id) == 0
    event = await AuditEvent.select().where(AuditEvent.subject == f"comment:{comment_id}").first()
    assert event is not None
    assert (
        event["action"],
        json.loads(event["payload"]),
    ) == ("moderation.hide", {"reason": "Niet volgens de huisregels"})
    again = await post_form(
        council, "/moderatie/verbergen", {"kind": "comment", "target_id": comment_id, "reason": "x"}
    )
    assert again.status_code == 409


async def test_council_of_another_area_cannot_moderate(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Oosterpark's council gets 403 on a Binnenstad comment and does not see its reports."""
    from deliberation.tables import Comment

    proposal_id = await make_proposal(await make_round())
    resident = await open_browser(await make_user(postcode=INSIDE))
    comment_id = await _comment(resident, proposal_id, "Iets")
    await post_form(
        resident,
        "/meldingen",
        {"kind": "comment", "target_id": comment_id, "proposal_id": proposal_id, "reason": "Spam"},
    )
    outsider = await open_browser(await make_user("council", area_code=OOSTERPARK))
    response = await post_form(
        outsider,
        "/moderatie/verbergen",
        {"kind": "comment", "target_id": comment_id, "reason": "x"},
    )
    assert response.status_code == 403
    row = await Comment.select(Comment.hidden_reason).where(Comment.id == comment_id).first()
    assert row is not None and row["hidden_reason"] == ""
    assert "Iets" not in (await outsider.get("/moderatie")).text
    assert (await resident.get("/moderatie")).status_code == 403


async def test_staff_hides_a_proposal(make_user: MakeUser, open_browser: Browsers) -> None:
    """Hiding a proposal stores the reason on it; comments are then refused."""
    proposal_id = await make_proposal(await make_round())
    resident = await open_browser(await make_user(postcode=INSIDE))
    await post_form(
        resident,
        "/meldingen",
        {
            "kind": "proposal",
            "target_id": proposal_id,
            "proposal_id": proposal_id,
            "reason": "Reclame",
        },
    )
    staff = await open_browser(await make_user("staff", postcode=""))
    assert "Reclame" in (await staff.get("/moderatie")).text
    response = await post_form(
        staff,
        "/moderatie/verbergen",
        {"kind": "proposal", "target_id": proposal_id, "reason": "Reclame"},
    )
    assert response.status_code == 303
    assert (await proposal_row(proposal_id))["hidden"] == "Reclame"
    comment = await post_form(resident, f"/voorstellen/{proposal_id}/reacties", {"body": "a"})
    assert comment.status_code == 403


async def test_reports_need_a_reason_and_a_login(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A report without a reason is refused; a visitor cannot report."""
    from deliberation.tables import Report

    proposal_id = await make_proposal(await make_round())
    resident = await open_browser(await make_user(postcode=INSIDE))
    data = {"kind": "proposal", "target_id": proposal_id, "proposal_id": proposal_id, "reason": ""}
    assert (await post_form(resident, "/meldingen", data)).status_code == 400
    visitor = await open_browser()
    assert (await post_form(visitor, "/meldingen", {**data, "reason": "x"})).status_code == 401
    bad_kind = {**data, "kind": "user", "reason": "x"}
    assert (await post_form(resident, "/meldingen", bad_kind)).status_code == 400
    assert await Report.count().where(Report.proposal == proposal_id) == 0
