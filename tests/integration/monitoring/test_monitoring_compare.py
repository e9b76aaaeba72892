"""Staff compare areas and years; others are refused, bad parameters are a clear 400."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.monitoring.conftest import World
from tests.support.web import Account, login

MakeWorld = Callable[..., Awaitable[World]]
MakeUser = Callable[..., Awaitable[Account]]


async def test_staff_compare_two_districts(
    client: httpx.AsyncClient, make_world: MakeWorld, make_user: MakeUser
) -> None:
    """North and South in 2025, side by side, with a chart and a table."""
    world = await make_world()
    await login(client, await make_user(role="staff"))
    form = await client.get("/monitor/vergelijk")
    assert form.status_code == 200
    assert 'data-testid="compare-form"' in form.text
    response = await client.get(
        "/monitor/vergelijk", params={"areas": f"{world.north},{world.south}", "years": "2025"}
    )
    assert response.status_code == 200
    assert 'data-testid="dashboard-chart"' in response.text
    table = response.text.split('data-dataset="comparison"')[1].split("</table>")[0]
    table = re.sub(r' data-label="[^"]*"', "", table)  # the phone's column names
    assert table.count("<tr>") == 3  # header and one row per area
    assert f'<th scope="row">{world.north}</th>' in table
    assert f'<th scope="row">{world.south}</th>' in table


async def test_compare_is_staff_only(
    client: httpx.AsyncClient, make_world: MakeWorld, make_user: MakeUser
) -> None:
    """Anonymous visitors are sent to the login page; residents are refused."""
    anonymous = await client.get("/monitor/vergelijk", follow_redirects=False)
    assert anonymous.status_code in (302, 303)
    await login(client, await make_user(role="resident"))
    assert (await client.get("/monitor/vergelijk")).status_code == 403
    whole = await client.get("/monitor")
    assert 'data-testid="compare-link"' not in whole.text


async def test_bad_parameters_are_400(
    client: httpx.AsyncClient, make_world: MakeWorld, make_user: MakeUser
) -> None:
    """Unknown codes, malformed years and too many areas each say what is wrong."""
    world = await make_world()
    await login(client, await make_user(role="staff"))
    for params in (
        {"areas": "GM404404"},
        {"areas": world.north, "years": "vorig jaar"},
        {"areas": world.north, "years": "1800"},
        {"areas": ",".join(f"WK{n}" for n in range(7))},
        {"areas": "<script>"},
    ):
        response = await client.get("/monitor/vergelijk", params=params)
        assert response.status_code == 400, params
        assert 'data-testid="form-errors"' in response.text
        assert "<script>" not in response.text.split("<main")[1]
