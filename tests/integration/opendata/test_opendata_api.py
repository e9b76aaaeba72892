"""The open data JSON API: shapes, filters, pagination, 404s and the OpenAPI schema."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.monitoring.conftest import World

MakeWorld = Callable[..., Awaitable[World]]


async def test_rounds_list_filters_and_pages(
    client: httpx.AsyncClient, make_world: MakeWorld
) -> None:
    """Published rounds of an area (and below), newest first; drafts are never listed."""
    world = await make_world()
    body = (await client.get("/api/v1/rounds", params={"area": world.root})).json()
    assert body["total"] == 3 and body["limit"] == 50 and body["offset"] == 0
    ids = [item["id"] for item in body["items"]]
    assert world.rounds["draft"] not in ids
    assert ids == sorted(ids, reverse=True)
    first = body["items"][-1]
    assert first["id"] == world.rounds["r2024"]
    assert first["year"] == 2024 and first["amount_cents"] == 100_000_00
    assert set(first) == {
        "id", "title", "description", "area_code", "area_name", "year", "phase",
        "amount_cents", "ballot_type", "counting_rule", "proposing_starts",
        "voting_starts", "counting_starts", "unverified_poll",
    }  # fmt: skip
    north_2025 = await client.get(
        "/api/v1/rounds", params={"area": world.north, "year": 2025, "phase": "certified"}
    )
    assert [item["id"] for item in north_2025.json()["items"]] == [world.rounds["r2025"]]
    page = (
        await client.get("/api/v1/rounds", params={"area": world.root, "limit": 1, "offset": 1})
    ).json()
    assert page["total"] == 3 and [item["id"] for item in page["items"]] == [ids[1]]


async def test_bad_list_parameters_are_400(client: httpx.AsyncClient) -> None:
    """Limits above the cap, negative offsets, unknown phases, statuses and areas."""
    for path in (
        "/api/v1/rounds?limit=201",
        "/api/v1/rounds?limit=0",
        "/api/v1/rounds?offset=-1",
        "/api/v1/rounds?phase=draft",
        "/api/v1/rounds?year=twintig",
        "/api/v1/rounds?area=GM404404",
        "/api/v1/projects?status=lost",
        "/api/v1/results?limit=1000",
    ):
        response = await client.get(path)
        assert response.status_code == 400, path
        assert response.json()["status"] == 400


async def test_round_detail_and_proposals(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """A round with its counts; its visible proposals without authors; drafts are 404."""
    world = await make_world()
    detail = (await client.get(f"/api/v1/rounds/{world.rounds['r2025']}")).json()
    assert detail["proposals"] == 1 and detail["participations"] == 1
    assert detail["certified"] is False
    listed = (await client.get(f"/api/v1/rounds/{world.rounds['r2025']}/proposals")).json()
    assert [item["id"] for item in listed["items"]] == [world.proposals["r2025-0"]]
    assert "author" not in str(listed) and "author_id" not in listed["items"][0]
    proposal = (await client.get(f"/api/v1/proposals/{world.proposals['r2024-0']}")).json()
    assert proposal["cost_cents"] == 10_000_00 and proposal["history"] == []
    for path in (
        f"/api/v1/rounds/{world.rounds['draft']}",
        f"/api/v1/rounds/{world.rounds['draft']}/proposals",
        f"/api/v1/proposals/{world.proposals['draft-0']}",
        f"/api/v1/proposals/{world.proposals['r2025-1']}",  # hidden by moderation
        "/api/v1/rounds/99999999",
        "/api/v1/proposals/99999999",
        "/api/v1/results/99999999",
        "/api/v1/certificates/99999999",
        "/api/v1/projects/99999999",
        f"/api/v1/results/{world.rounds['r2025']}",  # only a draft result
    ):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert response.json()["status"] == 404


async def test_results_are_certified_only(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """The certified result with its funded list; rejected and draft counts never show."""
    world = await make_world()
    result = (await client.get(f"/api/v1/results/{world.rounds['r2024']}")).json()
    assert [item["project_key"] for item in result["funded"]] == ["P1", "P3"]
    assert result["funded_cents"] == 40_000_00 and result["budget_cents"] == 100_000_00
    assert result["certificate_id"] == world.certificate_id
    assert result["counts"] == {"eligible": 7, "participations": 3, "ballots_online": 2}
    listed = (await client.get("/api/v1/results", params={"limit": 200})).json()
    rounds = [item["round_id"] for item in listed["items"]]
    assert world.rounds["r2024"] in rounds and world.rounds["r2025"] not in rounds


async def test_certificates(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """The published body, whose SHA-256 anyone can check, and the audit head."""
    world = await make_world()
    listed = (await client.get("/api/v1/certificates", params={"limit": 200})).json()
    assert world.certificate_id in [item["id"] for item in listed["items"]]
    body = (await client.get(f"/api/v1/certificates/{world.certificate_id}")).json()
    assert body["body_text"] == world.certificate_body
    assert hashlib.sha256(body["body_text"].encode()).hexdigest() == body["sha256"]
    assert body["body"]["funded"] == ["P1", "P3"]
    assert body["audit_head"] == world.audit_head and body["round_id"] == world.rounds["r2024"]


async def test_projects_filters_and_milestones(
    client: httpx.AsyncClient, make_world: MakeWorld
) -> None:
    """Projects by area, status and year; one project with its milestones."""
    world = await make_world()
    by_area = (await client.get("/api/v1/projects", params={"area": world.root})).json()
    assert by_area["total"] == 2
    delivered = (
        await client.get("/api/v1/projects", params={"area": world.north, "status": "delivered"})
    ).json()
    assert [item["id"] for item in delivered["items"]] == [world.projects["P1"]]
    assert delivered["items"][0]["spent_cents"] == 29_000_00
    none = (await client.get("/api/v1/projects", params={"area": world.south})).json()
    assert none == {"total": 0, "limit": 50, "offset": 0, "items": []}
    other_year = (
        await client.get("/api/v1/projects", params={"area": world.north, "year": 2025})
    ).json()
    assert other_year["total"] == 0
    project = (await client.get(f"/api/v1/projects/{world.projects['P1']}")).json()
    assert [m["title"] for m in project["milestones"]] == ["Aanbesteding", "Opgeleverd"]
    assert project["milestones"][0]["planned_on"] == "2024-09-01"
    assert project["area_code"] == world.north and project["year"] == 2024


async def test_schema_documents_every_endpoint(client: httpx.AsyncClient) -> None:
    """The OpenAPI schema lists the open data endpoints with their explicit schemas."""
    schema = (await client.get("/api/schema/openapi.json")).json()
    for path in (
        "/api/v1/rounds",
        "/api/v1/rounds/{round_id}",
        "/api/v1/rounds/{round_id}/proposals",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/results",
        "/api/v1/results/{round_id}",
        "/api/v1/certificates",
        "/api/v1/certificates/{certificate_id}",
        "/api/v1/projects",
        "/api/v1/projects/{project_id}",
    ):
        assert path in schema["paths"], path
    names = set(schema["components"]["schemas"])
    assert {"RoundPage", "RoundDetailOut", "ResultOut", "CertificateDetailOut"} <= names
    assert {"ProjectDetailOut", "ProposalDetailOut", "MilestoneOut"} <= names
