"""A sealed box in counting waits on the home page of certifiers and staff until it is opened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.integration.box.conftest import create_round
from tests.integration.box.test_box_paper import as_user
from tests.support.box import open_box

MakeUser = Callable[..., Awaitable[Any]]


async def _tasks(client: httpx.AsyncClient) -> str:
    """The "waiting for you" section of the home page ('' when nothing waits)."""
    home = (await client.get("/")).text
    start = home.find('data-testid="home-tasks"')
    return "" if start < 0 else home[start : home.index("</section>", start)]


async def test_a_sealed_box_waits_on_home_for_share_holders_and_the_count_after_it(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    """Certifiers and staff see "open the box" (residents do not); staff are not offered a
    count while the box is sealed, and are once it is open; the opened box leaves the list."""
    round_id = await create_round(phase="counting")
    opening = f'href="/beheer/stemmen/{round_id}/openen"'
    counting = f'href="/rondes/{round_id}/uitslag"'
    certifier, staff = await make_user(role="certifier"), await make_user(role="staff")
    await as_user(client, await make_user(role="resident"))
    assert opening not in await _tasks(client)
    await as_user(client, certifier)
    assert opening in await _tasks(client)
    await as_user(client, staff)
    tasks = await _tasks(client)
    assert opening in tasks and counting not in tasks
    await open_box(round_id)
    tasks = await _tasks(client)
    assert opening not in tasks and counting in tasks
    await as_user(client, certifier)
    assert opening not in await _tasks(client)
