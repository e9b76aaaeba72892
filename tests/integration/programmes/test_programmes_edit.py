"""Programmes: staff create and edit them with audit events; residents and bad input refused."""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from app.areas import services as area_services
from app.audit.tables import AuditEvent
from app.demo import load_places
from app.programmes import queries, services
from tests.support.web import Account, login, post_form

MakeUser = Callable[..., Awaitable[Account]]


@pytest.fixture(scope="module", autouse=True)
async def demo_places() -> None:
    """The Groningen demo tree."""
    await load_places()


async def fresh_area() -> str:
    """A new neighbourhood below Oost that has no programme yet."""
    code = "WK9" + "".join(secrets.choice("0123456789") for _ in range(5))
    added = await area_services.add_area(
        "cli", code, f"Testwijk {code}", "neighbourhood", "GB001402", "2019-01-01"
    )
    assert added.ok, added.problems
    return code


async def events_of(programme_id: int) -> list[dict[str, Any]]:
    """The audit events about one programme, oldest first."""
    return await (
        AuditEvent.select(AuditEvent.actor, AuditEvent.action, AuditEvent.payload)
        .where(AuditEvent.subject == f"programme:{programme_id}")
        .order_by(AuditEvent.height)
    )


async def test_staff_create_and_edit_a_programme(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    """Create, retotal, add, edit and remove a line: each change audited with its amounts."""
    staff = await make_user(role="staff")
    await login(client, staff)
    area = await fresh_area()
    response = await post_form(
        client,
        "/programmas/nieuw",
        {"area": area, "year": "2026", "title": "Testprogramma", "total": "100.000,00"},
    )
    assert response.status_code == 303, response.text
    found = await queries.programme_for(area, 2026)
    assert found is not None
    pid = int(found.id)
    assert f"/programmas/{pid}/bewerken" in response.headers["location"]
    assert found.total_cents == 10_000_000

    response = await post_form(
        client,
        f"/programmas/{pid}/regels",
        {"name": "Wijkbudget", "kind": "resident", "amount": "12.500,50"},
    )
    assert response.status_code == 303, response.text
    response = await post_form(
        client, f"/programmas/{pid}/regels", {"name": "Groen", "kind": "regular", "amount": "50000"}
    )
    assert response.status_code == 303
    programme = await queries.programme(pid)
    assert programme is not None
    resident, green = programme.lines
    assert (resident.amount_cents, green.amount_cents) == (1_250_050, 5_000_000)

    response = await post_form(
        client,
        f"/programmas/{pid}/regels/{green.id}",
        {"name": "Groen en spelen", "kind": "regular", "amount": "60.000"},
    )
    assert response.status_code == 303
    response = await post_form(
        client,
        f"/programmas/{pid}/bewerken",
        {"title": "Testprogramma herzien", "description": "Nieuw", "total": "150000"},
    )
    assert response.status_code == 303
    response = await post_form(client, f"/programmas/{pid}/regels/{green.id}/verwijderen")
    assert response.status_code == 303

    events = await events_of(pid)
    assert [event["action"] for event in events] == [
        "programme.create",
        "budget_line.add",
        "budget_line.add",
        "budget_line.update",
        "programme.update",
        "budget_line.remove",
    ]
    assert {f"user:{staff.id}"} == {event["actor"] for event in events}
    assert json.loads(events[1]["payload"])["amount_cents"] == 1_250_050
    assert json.loads(events[3]["payload"])["amount_cents"] == 6_000_000
    assert json.loads(events[4]["payload"])["total_cents"] == 15_000_000

    page = await client.get(f"/programmas/{pid}")
    assert page.status_code == 200
    assert 'data-testid="programme-total">€ 150.000<' in page.text
    assert 'data-testid="resident-line"' in page.text


async def test_lines_may_not_exceed_the_total(make_user: MakeUser) -> None:
    """Adding or raising a line past the total, or lowering the total, is refused."""
    area = await fresh_area()
    created = await services.create_programme("cli", area, 2026, "Krap", "", "1000")
    pid, problems = created.value, created.problems
    assert problems == {} and pid is not None
    assert (await services.add_budget_line("cli", pid, "A", "regular", "600")).ok
    before = len(await events_of(pid))
    assert (
        "amount" in (await services.add_budget_line("cli", pid, "B", "regular", "400,01")).problems
    )
    assert "total" in (await services.update_programme("cli", pid, "Krap", "", "599,99")).problems
    assert (await services.add_budget_line("cli", pid, "C", "resident", "0,01")).ok
    assert "kind" in (await services.add_budget_line("cli", pid, "D", "resident", "1")).problems
    programme = await queries.programme(pid)
    assert programme is not None
    assert programme.allocated_cents == 60_001
    assert before + 1 == len(await events_of(pid))  # only line C was written


async def test_over_total_via_http_reshows_the_form(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    """The refusal is a 400 page naming the problem; nothing is stored."""
    await login(client, await make_user(role="staff"))
    area = await fresh_area()
    pid = (await services.create_programme("cli", area, 2026, "Klein", "", "100")).value
    response = await post_form(
        client, f"/programmas/{pid}/regels", {"name": "Te veel", "kind": "regular", "amount": "101"}
    )
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.text
    programme = await queries.programme(int(pid or 0))
    assert programme is not None and programme.lines == ()


async def test_duplicate_year_is_refused(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    """A second programme for the same area and year is refused clearly."""
    await login(client, await make_user(role="staff"))
    area = await fresh_area()
    data = {"area": area, "year": "2027", "title": "Eerste", "total": "10"}
    assert (await post_form(client, "/programmas/nieuw", data)).status_code == 303
    response = await post_form(client, "/programmas/nieuw", {**data, "title": "Tweede"})
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.text
    assert len(await queries.programmes(area_code=area, year=2027)) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("total", "-5"),
        ("total", "100.000.000,01"),
        ("total", "12.50"),
        ("year", "abc"),
        ("title", ""),
        ("title", "x" * 201),
        ("area", "XX"),
    ],
)
async def test_bad_programme_input_is_400(
    client: httpx.AsyncClient, make_user: MakeUser, field: str, value: str
) -> None:
    """Each bad field is named on a 400 page; nothing is stored."""
    await login(client, await make_user(role="staff"))
    area = await fresh_area()
    data = {"area": area, "year": "2026", "title": "Goed", "total": "1000", field: value}
    response = await post_form(client, "/programmas/nieuw", data)
    assert response.status_code == 400
    assert f'href="#{field}"' in response.text
    assert await queries.programmes(area_code=area) == []


async def test_residents_may_read_but_not_edit(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    """A resident gets 403 on every edit route; anonymous visitors can read the programme."""
    [oost] = await queries.programmes(area_code="GB001402", year=2026)
    pid = oost.id
    assert (await client.get(f"/programmas/{pid}")).status_code == 200
    await login(client, await make_user(role="resident"))
    assert (await client.get(f"/programmas/{pid}/bewerken")).status_code == 403
    assert (await client.get("/programmas/nieuw")).status_code == 403
    for path in (f"/programmas/{pid}/bewerken", f"/programmas/{pid}/regels", "/programmas/nieuw"):
        response = await post_form(client, path, {"title": "x", "total": "1", "name": "x"})
        assert response.status_code == 403, path
    page = await client.get(f"/programmas/{pid}")
    assert 'data-testid="programme-edit-link"' not in page.text


async def test_unknown_programme_is_404(client: httpx.AsyncClient) -> None:
    """An unknown id gets a 404 page."""
    assert (await client.get("/programmas/987654321")).status_code == 404


async def test_area_admin_is_for_admins(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    """Staff get 403; an admin adds and ends an area, each audited; bad input is a 400."""
    await login(client, await make_user(role="staff"))
    assert (await client.get("/beheer/gebieden")).status_code == 403
    admin_client = client
    admin_client.cookies.clear()
    await login(admin_client, await make_user(role="admin"))
    assert (await admin_client.get("/beheer/gebieden")).status_code == 200
    code = "BU9" + "".join(secrets.choice("0123456789") for _ in range(6)) + "0"
    form = {
        "code": code,
        "name": "Nieuwbouw",
        "level": "buurt",
        "parent": "WK001405",
        "valid_from": "2025-01-01",
    }
    assert (await post_form(admin_client, "/beheer/gebieden/nieuw", form)).status_code == 303
    bad = await post_form(
        admin_client,
        "/beheer/gebieden/nieuw",
        {**form, "code": code[:-1] + "1", "parent": "WK000000"},
    )
    assert bad.status_code == 400
    assert 'href="#parent"' in bad.text
    bad = await post_form(admin_client, "/beheer/gebieden/nieuw", {**form, "code": "BU12"})
    assert bad.status_code == 400
    ended = await post_form(
        admin_client, "/beheer/gebieden/beeindigen", {"end_code": code, "valid_to": "2025-12-31"}
    )
    assert ended.status_code == 303
    actions = await AuditEvent.select(AuditEvent.action).where(AuditEvent.subject == f"area:{code}")
    assert [row["action"] for row in actions] == ["area.add", "area.end"]
