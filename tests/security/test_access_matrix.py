"""The access matrix: every route, every role, and the round phases where they matter."""

from __future__ import annotations

from typing import Any

import httpx

from tests.security.access import EVERYONE, EXPECTED
from tests.security.figures import FIGURES, FULL
from tests.security.routes import Route, fill, focus_round, route_table
from tests.security.snapshot import differences, snapshot
from tests.security.world import ROLES, World
from tests.support.web import csrf_token

REFUSALS = {401, 403, 404, 405, 409, 429}
FOCUS_ROUND = 2  # the demo's Oosterpark round, open for proposals


def refused(response: httpx.Response) -> bool:
    """Whether the answer refuses (an error status, or a redirect to the login page)."""
    if response.status_code in REFUSALS:
        return True
    location = response.headers.get("location", "")
    return response.status_code in (302, 303) and location.startswith("/account/inloggen")


async def send(client: httpx.AsyncClient, method: str, path: str) -> httpx.Response:
    """A GET, or a POST with a valid CSRF token and no other field."""
    if method == "GET":
        return await client.get(path)
    token = await csrf_token(client)
    return await client.post(path, data={"_csrf_token": token})


def test_every_route_has_an_entry(app: Any) -> None:
    """A route the application serves without an expectation in access.py fails here."""
    keys = {route.key for route in route_table(app)}
    FIGURES["routes"] = len(keys)
    assert sorted(keys - set(EXPECTED)) == [], "add these routes to tests/security/access.py"
    assert sorted(set(EXPECTED) - keys) == [], "these routes no longer exist: remove them"


def _rounds(route: Route, world: World) -> list[int | None]:
    if "round_id" not in route.params:
        return [None]
    if FULL or EXPECTED[route.key].phase_bound:
        return list(world.rounds)
    return [FOCUS_ROUND]


def _worth_sending(route: Route, role: str, allowed: bool) -> bool:
    if route.method != "GET":
        return not allowed  # an allowed POST would act; the integration tests cover those
    if allowed and EXPECTED[route.key] is EVERYONE and not FULL:
        return role in ("anonymous", "admin")  # public pages: two roles are enough here
    return True


async def test_no_role_is_granted_what_it_may_not_do(world: World, app: Any) -> None:
    """Every refused (route, role, phase) is refused; nothing errors; the refusals write nothing."""
    routes = route_table(app)
    wrong: list[str] = []
    errors: list[str] = []
    checked = 0
    before = await snapshot()
    for route in routes:
        rule = EXPECTED[route.key]
        for round_id in _rounds(route, world):
            path = fill(route, world, round_id)
            focus = focus_round(route, world, round_id)
            phase = world.rounds[focus].phase if focus else ""
            for role in ROLES:
                allowed = rule.allows(role, phase)
                if not _worth_sending(route, role, allowed):
                    continue
                client = await world.client(world.account(role, focus))
                response = await send(client, route.method, path)
                checked += 1
                where = f"{route.method} {path} as {role} ({phase or '-'})"
                if response.status_code >= 500:
                    errors.append(f"{where}: {response.status_code}")
                elif not allowed and not refused(response):
                    wrong.append(f"{where}: {response.status_code}")
    FIGURES["routes"] = len(routes)
    FIGURES["checked"] += checked
    FIGURES["wrong_grants"] += len(wrong)
    FIGURES["server_errors"] += len(errors)
    assert "\n".join(wrong) == ""
    assert "\n".join(errors) == ""
    assert differences(before, await snapshot()) == []
