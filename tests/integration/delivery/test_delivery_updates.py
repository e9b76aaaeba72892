"""Recording delivery: staff (or the area's council) change status, money, milestones, photos."""

from __future__ import annotations

import json

from app.web.answers import status_of
from tests.integration.deliberation.world import Browsers, MakeUser
from tests.integration.delivery.world import (
    DE_WIJERT,
    OOSTERPARK,
    certify,
    council,
    decided_round,
    funded_projects,
    resident,
    staff,
)
from tests.support.images import png
from tests.support.web import post_form

PNG = png()


async def _project(area_code: str = OOSTERPARK) -> int:
    round_id, _line = await decided_round(area_code)
    return (await certify(round_id, await funded_projects(round_id)))[0]


async def _row(project_id: int) -> dict[str, object]:
    from delivery.tables import Project

    row = await Project.select().where(Project.id == project_id).first()
    assert row is not None
    return dict(row)


async def _actions(project_id: int) -> list[str]:
    from app.audit.tables import AuditEvent

    rows = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.subject == f"project:{project_id}"
    )
    return [str(row["action"]) for row in rows]


async def test_staff_move_a_project_through_its_statuses_with_audit(make_user: MakeUser) -> None:
    """Planned → in progress → delivered, each change one audit event; delivered is final."""
    from delivery import services

    project_id = await _project()
    worker = staff(await make_user("staff"))
    assert (await services.change_status(worker, project_id, "in_progress")).ok
    assert (await services.change_status(worker, project_id, "delivered")).ok
    back = await services.change_status(worker, project_id, "in_progress")
    assert (back.ok, status_of(back)) == (False, 400)
    assert (await _row(project_id))["status"] == "delivered"
    assert await _actions(project_id) == ["delivery.status", "delivery.status"]


async def test_cancelling_needs_a_reason(make_user: MakeUser) -> None:
    """Without a reason nothing changes; with one, the reason is stored and audited."""
    from delivery import services

    project_id = await _project()
    worker = staff(await make_user("staff"))
    refused = await services.change_status(worker, project_id, "cancelled", "  ")
    assert (refused.ok, status_of(refused), list(refused.problems)) == (False, 400, ["reason"])
    assert (await _row(project_id))["status"] == "planned"
    assert await _actions(project_id) == []
    assert (await services.change_status(worker, project_id, "cancelled", "Geen grond")).ok
    row = await _row(project_id)
    assert (row["status"], row["cancel_reason"]) == ("cancelled", "Geen grond")


async def test_council_of_another_area_is_refused_and_nothing_changes(
    make_user: MakeUser,
) -> None:
    """Oosterpark's council may record delivery in Oosterpark, not in De Wijert."""
    from delivery import services

    raad = council(await make_user("council", area_code=OOSTERPARK), OOSTERPARK)
    elsewhere = await _project(DE_WIJERT)
    refused = await services.change_status(raad, elsewhere, "in_progress")
    assert (refused.ok, status_of(refused)) == (False, 403)
    assert "De Wijert" in refused.message
    money = await services.record_money(raad, elsewhere, "100", "50")
    assert (money.ok, status_of(money)) == (False, 403)
    row = await _row(elsewhere)
    assert (row["status"], row["committed_cents"]) == ("planned", 0)
    assert await _actions(elsewhere) == []
    here = await _project(OOSTERPARK)
    assert (await services.change_status(raad, here, "in_progress")).ok


async def test_a_resident_cannot_record_delivery(make_user: MakeUser) -> None:
    """Residents follow projects; they do not record their delivery."""
    from delivery import services

    project_id = await _project()
    outcome = await services.add_milestone(resident(await make_user()), project_id, "Start")
    assert (outcome.ok, status_of(outcome)) == (False, 403)
    assert await _actions(project_id) == []


async def test_money_is_exact_euros_and_spent_stays_within_committed(make_user: MakeUser) -> None:
    """'12.500,50' is 1250050 cents; bad text, negatives and spent above committed are refused."""
    from delivery import services

    project_id = await _project()
    worker = staff(await make_user("staff"))
    for committed, spent, field in (
        ("abc", "0", "committed"),
        ("-5", "0", "committed"),
        ("100", "12.50", "spent"),
        ("100", "100,01", "spent"),
    ):
        outcome = await services.record_money(worker, project_id, committed, spent)
        assert (outcome.ok, status_of(outcome), field in outcome.problems) == (False, 400, True)
    assert await _actions(project_id) == []
    assert (await services.record_money(worker, project_id, "12.500,50", "€ 2.000")).ok
    row = await _row(project_id)
    assert (row["committed_cents"], row["spent_cents"]) == (1_250_050, 200_000)
    assert await _actions(project_id) == ["delivery.money"]


async def test_milestones_are_added_and_reached_but_not_in_the_future(make_user: MakeUser) -> None:
    """A milestone gets a planned date, then a reached date that is not after today."""
    from app.audit.tables import AuditEvent
    from delivery import queries, services

    project_id = await _project()
    worker = staff(await make_user("staff"))
    added = await services.add_milestone(worker, project_id, "Bestek klaar", "2026-03-01")
    assert added.ok and added.value is not None
    bad_date = await services.add_milestone(worker, project_id, "Start", "1 maart")
    assert list(bad_date.problems) == ["planned_on"]
    future = await services.reach_milestone(worker, project_id, added.value, "2999-01-01")
    assert list(future.problems) == ["reached_on"]
    assert (await services.reach_milestone(worker, project_id, added.value, "2026-02-27")).ok
    again = await services.reach_milestone(worker, project_id, added.value, "")
    assert status_of(again) == 400
    [milestone] = await queries.milestones(project_id)
    assert str(milestone.reached_on) == "2026-02-27"
    event = await AuditEvent.select(AuditEvent.payload).where(
        AuditEvent.subject == f"project:{project_id}",
        AuditEvent.action == "delivery.milestone_reached",
    )
    assert json.loads(event[0]["payload"])["reached_on"] == "2026-02-27"


async def test_photos_are_type_checked_and_served_safely(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A PNG is stored under a random name and served with nosniff; text is refused."""
    from delivery import photos, queries

    project_id = await _project()
    account = await make_user("staff")
    worker = staff(account)
    refused = await photos.add_photo(worker, project_id, photos.Upload(b"hello", "Tekst"))
    assert list(refused.problems) == ["photo"]
    no_alt = await photos.add_photo(worker, project_id, photos.Upload(PNG, ""))
    assert list(no_alt.problems) == ["alt_text"]
    assert (await photos.add_photo(worker, project_id, photos.Upload(PNG, "Het bankje"))).ok
    [photo] = await queries.photos(project_id)
    client = await open_browser(account)
    response = await client.get(f"/projecten/fotos/{photo.filename}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert (await client.get("/projecten/fotos/..%2Fsecret.png")).status_code == 404


async def test_the_project_page_and_forms_over_http(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Staff see the delivery form and save a status; others see no form and are refused."""
    project_id = await _project()
    anonymous = await open_browser()
    page = await anonymous.get(f"/projecten/{project_id}")
    assert page.status_code == 200
    assert 'data-testid="project-status" data-status="planned"' in page.text
    assert 'data-testid="project-money"' in page.text
    assert 'data-testid="delivery-form"' not in page.text
    worker = await open_browser(await make_user("staff"))
    page = await worker.get(f"/projecten/{project_id}")
    assert 'data-testid="delivery-form"' in page.text
    saved = await post_form(worker, f"/projecten/{project_id}/status", {"status": "in_progress"})
    assert (saved.status_code, saved.headers["location"]) == (
        303,
        f"/projecten/{project_id}?done=status",
    )
    page = await worker.get(f"/projecten/{project_id}")
    assert "in progress" in page.text
    bad = await post_form(worker, f"/projecten/{project_id}/geld", {"committed": "x", "spent": "1"})
    assert bad.status_code == 400
    assert 'data-testid="form-errors"' in bad.text
    someone = await open_browser(await make_user())
    refused = await post_form(someone, f"/projecten/{project_id}/status", {"status": "delivered"})
    assert refused.status_code == 403
    assert (await anonymous.get("/projecten/999999")).status_code == 404


async def test_delivery_photos_lose_their_gps_position(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A JPEG with EXIF GPS tags is served re-encoded, without the position."""
    from delivery import photos, queries
    from tests.support.images import jpeg_with_gps

    project_id = await _project()
    account = await make_user("staff")
    original = jpeg_with_gps()
    upload = photos.Upload(original, "Het bankje")
    assert (await photos.add_photo(staff(account), project_id, upload)).ok
    [photo] = await queries.photos(project_id)
    client = await open_browser(account)
    served = (await client.get(f"/projecten/fotos/{photo.filename}")).content
    assert served != original and served.startswith(b"\xff\xd8")
    assert b"WijkstemCam" not in served and b"Exif" not in served
