"""Residents' initiatives are one click from every page (menu) and from the home page."""

from __future__ import annotations

import httpx


async def test_the_menu_and_the_home_page_link_to_the_initiatives(
    client: httpx.AsyncClient,
) -> None:
    home = await client.get("/")
    assert home.status_code == 200
    assert '<a href="/initiatieven" data-testid="nav-initiatives">Initiatieven</a>' in home.text
    assert 'data-testid="home-initiatives"' in home.text
    assert "Vraag het hele jaar door een bijdrage aan." in home.text
    other = await client.get("/rondes")
    assert 'data-testid="nav-initiatives"' in other.text
    assert (await client.get("/initiatieven")).status_code == 200
