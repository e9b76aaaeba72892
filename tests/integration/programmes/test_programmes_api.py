"""The read-only programmes JSON API: money as integer cents, 404 as JSON."""

from __future__ import annotations

import httpx
import pytest

from app.demo import load_places


@pytest.fixture(scope="module", autouse=True)
async def demo_places() -> None:
    """The Groningen demo tree and 2026 programmes."""
    await load_places()


async def test_filter_by_area_and_year(client: httpx.AsyncClient) -> None:
    """Oost's 2026 programme, with its total in cents."""
    response = await client.get("/api/v1/programmes", params={"area": "GB001402", "year": 2026})
    assert response.status_code == 200
    [programme] = response.json()
    assert (
        programme["area_code"],
        programme["year"],
        programme["total_cents"],
    ) == ("GB001402", 2026, 120_000_000)


async def test_detail_has_lines_in_cents(client: httpx.AsyncClient) -> None:
    """The detail lists the lines, the resident line first, and their sums."""
    [summary] = (await client.get("/api/v1/programmes", params={"area": "GB001402"})).json()
    response = await client.get(f"/api/v1/programmes/{summary['id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["lines"][0]["kind"] == "resident"
    assert body["resident_cents"] == 25_000_000
    assert sum(line["amount_cents"] for line in body["lines"]) == body["allocated_cents"]
    assert all(isinstance(line["amount_cents"], int) for line in body["lines"])
    assert "email" not in response.text


async def test_unknown_programme_is_json_404(client: httpx.AsyncClient) -> None:
    """An unknown id is a JSON 404."""
    response = await client.get("/api/v1/programmes/987654321")
    assert response.status_code == 404
    assert response.json()["status"] == 404


async def test_out_of_range_year_is_400(client: httpx.AsyncClient) -> None:
    """A year outside 2000..2100 is refused."""
    response = await client.get("/api/v1/programmes", params={"year": 1800})
    assert response.status_code == 400
