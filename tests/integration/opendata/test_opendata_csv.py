"""CSV downloads of every dataset and the open data overview page."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.monitoring.conftest import World

MakeWorld = Callable[..., Awaitable[World]]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_every_dataset_downloads(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """Each dataset is a CSV with a header; unknown names and suffixes are 404."""
    from reporting.opendata.downloads import catalogue

    await make_world()
    for item in catalogue():
        response = await client.get(f"/open-data/{item.name}.csv")
        assert response.status_code == 200, item.name
        assert response.headers["content-type"].startswith("text/csv")
        assert f'filename="wijkstem-{item.name}.csv"' in response.headers["content-disposition"]
    for path in ("/open-data/users.csv", "/open-data/projects.json", "/open-data/projects"):
        assert (await client.get(path)).status_code == 404, path


async def test_csv_matches_the_api(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """Projects, funded results and certificates have the API's numbers, money in cents."""
    world = await make_world()
    projects = {row["id"]: row for row in _rows((await client.get("/open-data/projects.csv")).text)}
    delivered = projects[str(world.projects["P1"])]
    assert (delivered["status"], delivered["spent_cents"]) == ("delivered", "2900000")
    funded = [
        row
        for row in _rows((await client.get("/open-data/results.csv")).text)
        if row["round_id"] == str(world.rounds["r2024"])
    ]
    assert [(row["project_key"], row["cost_cents"]) for row in funded] == [
        ("P1", "3000000"),
        ("P3", "1000000"),
    ]
    rounds = {row["id"] for row in _rows((await client.get("/open-data/rounds.csv")).text)}
    assert str(world.rounds["r2024"]) in rounds and str(world.rounds["draft"]) not in rounds
    proposals = {row["id"] for row in _rows((await client.get("/open-data/proposals.csv")).text)}
    assert str(world.proposals["r2025-1"]) not in proposals  # hidden by moderation
    certificates = _rows((await client.get("/open-data/certificates.csv")).text)
    assert str(world.certificate_id) in {row["id"] for row in certificates}
    milestones = _rows((await client.get("/open-data/milestones.csv")).text)
    assert "Aanbesteding" in {row["title"] for row in milestones}


async def test_formula_cells_are_defused(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """A proposal title starting with '=' cannot run as a spreadsheet formula."""
    world = await make_world(proposal_title="=HYPERLINK(1)")
    text = (await client.get("/open-data/proposals.csv")).text
    assert "'=HYPERLINK(1) r2024 0" in text
    api = (await client.get(f"/api/v1/proposals/{world.proposals['r2024-0']}")).json()
    assert api["title"] == "=HYPERLINK(1) r2024 0"


async def test_overview_lists_every_dataset(
    client: httpx.AsyncClient, make_world: MakeWorld
) -> None:
    """The overview links each dataset's JSON and CSV and lists certified rounds."""
    from reporting.opendata.downloads import catalogue

    world = await make_world()
    response = await client.get("/open-data")
    assert response.status_code == 200
    for item in catalogue():
        assert f'data-testid="dataset-{item.name}"' in response.text
        assert f'href="/open-data/{item.name}.csv"' in response.text
    assert f'href="/api/v1/results/{world.rounds["r2024"]}"' in response.text
    assert f'href="/rondes/{world.rounds["r2024"]}/uitslag/ballots.pb"' in response.text
