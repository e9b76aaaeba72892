"""Certification's hand-off: projects on the round's resident line, idempotent, audited."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.integration.deliberation.world import MakeUser
from tests.integration.delivery.world import certify, decided_round, funded_projects, staff


async def _events(action: str, subject: str) -> list[dict[str, object]]:
    from app.audit.tables import AuditEvent

    rows = await AuditEvent.select(AuditEvent.payload).where(
        AuditEvent.action == action, AuditEvent.subject == subject
    )
    return [json.loads(row["payload"]) for row in rows]


async def test_projects_land_on_the_resident_line_of_the_rounds_programme(
    make_user: MakeUser,
) -> None:
    """Each funded option becomes a planned project with its amount on the resident line."""
    from delivery import queries
    from delivery.follows import pair
    from delivery.tables import ProjectFollow

    author = await make_user()
    round_id, line_id = await decided_round()
    funded = await funded_projects(round_id, author=author.id)
    ids = await certify(round_id, funded, certificate_id=41)
    line = await queries.line_of(line_id)
    assert line is not None
    for project_id, option in zip(ids, funded, strict=True):
        project = await queries.project(project_id)
        assert project is not None
        assert (project.status, project.amount_cents) == ("planned", option["amount_cents"])
        assert (project.budget_line_id, project.programme_id) == (
            line_id,
            line.programme_id,
        )
        assert (project.certificate_id, project.proposal_id) == (41, option["proposal_id"])
        assert await ProjectFollow.exists().where(ProjectFollow.pair == pair(project_id, author.id))
    events = await _events("delivery.projects", f"round:{round_id}")
    assert len(events) == 1
    assert events[0]["certificate_id"] == 41
    keys = [(p["key"], p["amount_cents"]) for p in events[0]["projects"]]  # type: ignore[attr-defined]
    assert keys == [(f["project_key"], f["amount_cents"]) for f in funded]


async def test_a_second_call_creates_nothing_and_logs_nothing() -> None:
    """Certification may retry: the slot makes each project exist once."""
    from delivery.tables import Project

    round_id, _line = await decided_round()
    funded = await funded_projects(round_id)
    first = await certify(round_id, funded)
    second = await certify(round_id, funded)
    assert first == second
    assert await Project.count().where(Project.round == round_id) == 2
    assert len(await _events("delivery.projects", f"round:{round_id}")) == 1


async def test_a_failing_certification_leaves_no_project() -> None:
    """Inside the caller's transaction: when certification fails, no project remains."""
    from app.db import transaction
    from delivery import services
    from delivery.tables import Project

    round_id, _line = await decided_round()
    funded = await funded_projects(round_id)
    with pytest.raises(RuntimeError):
        async with transaction():
            await services.projects_from_certificate(round_id, 9, funded)
            raise RuntimeError("the certifier's password was wrong after all")
    assert await Project.count().where(Project.round == round_id) == 0


async def test_a_round_without_budget_line_is_refused() -> None:
    """No line, no programme: the call raises so that certification does not go through."""
    from app.db import transaction
    from app.rounds.tables import Round
    from delivery import services

    round_id, _line = await decided_round()
    await Round.update({Round.budget_line: None}).where(Round.id == round_id)
    with pytest.raises(ValueError, match="budget line"):
        async with transaction():
            await services.projects_from_certificate(round_id, 9, [])


async def test_remaining_budget_is_the_line_minus_what_projects_take(make_user: MakeUser) -> None:
    """Remaining = line amount - funded amounts; a cancelled project only keeps what it spent."""
    from delivery import queries, services

    round_id, line_id = await decided_round()
    before = await queries.line_delivery(line_id)
    assert before is not None
    ids = await certify(round_id, await funded_projects(round_id))
    after = await queries.line_delivery(line_id)
    assert after is not None
    assert before.remaining_cents - after.remaining_cents == 1_000_000
    worker = staff(await make_user("staff"))
    assert (await services.record_money(worker, ids[1], "1.000", "250")).ok
    assert (await services.change_status(worker, ids[1], "cancelled", "Geen vergunning")).ok
    cancelled = await queries.line_delivery(line_id)
    assert cancelled is not None
    assert before.remaining_cents - cancelled.remaining_cents == 600_000 + 25_000


async def test_the_programme_page_lists_the_projects_and_the_remaining_budget(
    client: httpx.AsyncClient,
) -> None:
    """Everyone sees, on the programme, the projects on its resident line and what remains."""
    from delivery import queries

    round_id, line_id = await decided_round()
    funded = await funded_projects(round_id)
    await certify(round_id, funded)
    line = await queries.line_of(line_id)
    assert line is not None
    client.cookies.set("wijkstem_lang", "en")
    response = await client.get(f"/programmas/{line.programme_id}")
    assert response.status_code == 200
    assert 'data-testid="programme-projects"' in response.text
    assert funded[0]["title"] in response.text
    assert 'data-testid="programme-remaining"' in response.text
    assert "Remaining budget" in response.text
