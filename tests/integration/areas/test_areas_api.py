"""The read-only areas JSON API and its place in the OpenAPI schema."""

from __future__ import annotations

import httpx
import pytest

from app.demo import load_places


@pytest.fixture(scope="module", autouse=True)
async def demo_places() -> None:
    """The Groningen demo tree."""
    await load_places()


async def test_list_filters_by_level_and_parent(client: httpx.AsyncClient) -> None:
    """Neighbourhoods below Oost, valid today, as JSON."""
    response = await client.get("/api/v1/areas", params={"parent": "GB001402"})
    assert response.status_code == 200
    codes = [area["code"] for area in response.json()]
    assert codes == ["WK001403", "WK001404", "WK001405", "WK001406"]
    districts = await client.get("/api/v1/areas", params={"level": "district"})
    assert len(districts.json()) >= 7
    assert {"district"} == {area["level"] for area in districts.json()}


async def test_list_on_a_past_day(client: httpx.AsyncClient) -> None:
    """On 2020-06-01 Oosterpark had one buurt, the historic Oosterparkwijk."""
    response = await client.get("/api/v1/areas", params={"parent": "WK001403", "on": "2020-06-01"})
    assert [area["code"] for area in response.json()] == ["BU00140301"]


async def test_one_area_with_children_and_ancestors(client: httpx.AsyncClient) -> None:
    """The detail has the fields of the schema, dates as ISO text."""
    response = await client.get("/api/v1/areas/BU00140301")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "code": "BU00140301",
        "name": "Oosterparkwijk",
        "level": "buurt",
        "parent_code": "WK001403",
        "valid_from": "2019-01-01",
        "valid_to": "2020-12-31",
        "successors": ["BU00140302", "BU00140303"],
        "children": [],
        "ancestors": ["WK001403", "GB001402", "GM0014"],
    }


async def test_unknown_area_is_json_404(client: httpx.AsyncClient) -> None:
    """An unknown code is a JSON 404, not an HTML page."""
    response = await client.get("/api/v1/areas/GB999999")
    assert response.status_code == 404
    assert response.json()["status"] == 404


async def test_bad_filter_is_json_400(client: httpx.AsyncClient) -> None:
    """A malformed date filter is refused with a 400."""
    response = await client.get("/api/v1/areas", params={"on": "gisteren"})
    assert response.status_code == 400


async def test_schema_documents_the_api(client: httpx.AsyncClient) -> None:
    """The OpenAPI schema lists the area and programme endpoints with explicit schemas."""
    response = await client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/v1/areas",
        "/api/v1/areas/{code}",
        "/api/v1/programmes",
        "/api/v1/programmes/{programme_id}",
    ):
        assert path in schema["paths"]
    names = set(schema["components"]["schemas"])
    assert {"AreaOut", "AreaDetailOut", "ProgrammeOut", "ProgrammeDetailOut"} <= names
