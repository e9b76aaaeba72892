"""SQL-injection strings in every parameter: never a server error, never a changed row."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests.security.figures import FIGURES, FULL
from tests.security.routes import fill, query_names, route_table
from tests.security.snapshot import differences, snapshot
from tests.security.world import World
from tests.support.web import csrf_token

PAYLOADS = (
    "' OR '1'='1",
    "1' OR 1=1 --",
    "1; DROP TABLE account_user; --",
    "' UNION SELECT email, password_hash FROM account_user --",
    '" OR ""="',
    "1)) OR ((1=1",
    "'; SELECT pg_sleep(5); --",
    "1 AND (SELECT 1 FROM (SELECT COUNT(*), CONCAT(version(), FLOOR(RAND(0)*2)) x) y)",
    "%27%20OR%201%3D1",
    "\\' OR 1=1 #",
    "admin'--",
    "99999999999999999999",
    "-1",
    "0x7fffffff",
    "1e309",
    "NaN",
    "\x00",
    "../../etc/passwd",
    "[]",
    "{}",
)
COMMON_QUERY = ("q", "page", "pagina", "page_number", "next", "melding", "area", "ronde", "bon")
COMMON_FIELDS = (
    "email", "password", "name", "title", "summary", "description", "body", "reason", "code",
    "postcode", "amount", "cost", "area_code", "kind", "target_id", "role", "status", "token",
)  # fmt: skip
FOCUS_ROUND = 2


async def test_injection_strings_in_every_parameter_cause_no_error_and_no_change(
    world: World, app: Any
) -> None:
    """Path text, query and form fields carry each payload; anonymous and admin alike."""
    declared = query_names(app)
    before = await snapshot()
    errors = []
    for route in route_table(app):
        text_params = [name for name in route.params if f"{{{name}:str}}" in route.path] or [""]
        for payload in PAYLOADS if FULL else PAYLOADS[:6] + PAYLOADS[11:12]:
            for text_param in text_params:
                override = {text_param: quote(payload, safe="")} if text_param else {}
                path = fill(route, world, FOCUS_ROUND, **override)
                names = sorted(declared.get(route.key, set()) | set(COMMON_QUERY))
                query = "&".join(f"{name}={quote(payload, safe='')}" for name in names)
                for role in ("anonymous", "admin") if route.method == "GET" else ("anonymous",):
                    client = await world.client(world.account(role, FOCUS_ROUND))
                    if route.method == "GET":
                        response = await client.get(f"{path}?{query}")
                    else:
                        form = {name: payload for name in COMMON_FIELDS}
                        form["_csrf_token"] = await csrf_token(client)
                        response = await client.post(f"{path}?{query}", data=form)
                    FIGURES["checked"] += 1
                    if response.status_code >= 500:
                        errors.append(f"{route.method} {path} {payload!r}: {response.status_code}")
    FIGURES["server_errors"] += len(errors)
    assert "\n".join(sorted(set(errors))) == ""
    assert differences(before, await snapshot()) == []
