"""Every state-changing route refuses a missing or wrong CSRF token; no GET changes anything."""

from __future__ import annotations

from typing import Any

from tests.security.figures import FIGURES, FULL
from tests.security.routes import fill, focus_round, route_table
from tests.security.snapshot import differences, snapshot
from tests.security.world import World

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FOCUS_ROUND = 2


async def test_every_state_changing_route_refuses_a_missing_or_wrong_token(
    world: World, app: Any
) -> None:
    """As an admin (past every access check), no token and a forged token both get 403."""
    admin = await world.client(world.globals["admin"])
    before = await snapshot()
    accepted = []
    routes = [route for route in route_table(app) if route.method in WRITE_METHODS]
    for route in routes:
        path = fill(route, world, FOCUS_ROUND)
        for body in ({}, {"_csrf_token": "forged-token-" + "0" * 40}):
            response = await admin.request(route.method, path, data=body)
            FIGURES["checked"] += 1
            if response.status_code != 403:
                accepted.append(f"{route.method} {path} {sorted(body)}: {response.status_code}")
    FIGURES["csrf_missing"] += len(accepted)
    assert routes, "the application has state-changing routes"
    assert "\n".join(accepted) == ""
    assert differences(before, await snapshot()) == []


async def test_a_walk_of_every_get_route_changes_nothing(world: World, app: Any) -> None:
    """Every GET route, for every round, as anonymous, resident, council, staff and admin."""
    before = await snapshot()
    errors = []
    for route in route_table(app):
        if route.method != "GET":
            continue
        rounds = [None]
        if "round_id" in route.params:
            rounds = list(world.rounds) if FULL else [FOCUS_ROUND]
        for round_id in rounds:
            path = fill(route, world, round_id)
            focus = focus_round(route, world, round_id)
            for role in ("anonymous", "resident_here", "council_here", "staff", "admin"):
                client = await world.client(world.account(role, focus))
                response = await client.get(path)
                FIGURES["checked"] += 1
                if response.status_code >= 500:
                    errors.append(f"GET {path} as {role}: {response.status_code}")
    FIGURES["server_errors"] += len(errors)
    assert "\n".join(errors) == ""
    assert differences(before, await snapshot()) == []
