"""No API response or CSV contains personal data: names, emails, postcodes, codes or keys."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.monitoring.conftest import World

MakeWorld = Callable[..., Awaitable[World]]

NAME = "Quetelaar-Zwanenburg"
EMAIL = "geheim.quetelaar@example.org"
ADDRESSEE = "Adressaat Vrijdagmiddag"
COMMENT = "Xylofoonopmerking van een bewoner"
VOTER_KEY = "feedfacecafe" * 5  # 60 characters; the builder adds four more


async def _api_paths(client: httpx.AsyncClient, world: World) -> list[str]:
    """Every GET path of the open data API, with this world's ids filled in."""
    schema = (await client.get("/api/schema/openapi.json")).json()
    ids = {
        "round_id": world.rounds["r2024"],
        "proposal_id": world.proposals["r2024-0"],
        "certificate_id": world.certificate_id,
        "project_id": world.projects["P1"],
        "programme_id": world.programme_id,
        "code": world.buurt_a,
    }
    paths = []
    for template in schema["paths"]:
        if not template.startswith("/api/v1/"):
            continue
        paths.append(re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), template))
    return paths


async def test_nothing_personal_anywhere(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """Residents with distinctive details propose, comment and vote by code; none of it leaks."""
    from reporting.opendata.downloads import catalogue

    world = await make_world(
        user_name=NAME,
        email=EMAIL,
        addressee=ADDRESSEE,
        comment=COMMENT,
        voter_key=VOTER_KEY,
    )
    needles = [NAME, EMAIL.split("@")[0], ADDRESSEE, COMMENT, VOTER_KEY, world.postcode_a]
    documents: dict[str, str] = {}
    for path in await _api_paths(client, world):
        response = await client.get(path, params={"limit": 200} if "{" not in path else None)
        assert response.status_code == 200, path
        documents[path] = response.text
    for item in catalogue():
        response = await client.get(f"/open-data/{item.name}.csv")
        assert response.status_code == 200, item.name
        documents[item.name] = response.text
    for name in ("activity", "turnout", "money", "delivery"):
        for query in ("", f"?area={world.root}"):
            response = await client.get(f"/monitor/csv/{name}{query}")
            documents[f"monitor {name}{query}"] = response.text
    assert len(documents) > 25
    for where, text in documents.items():
        for needle in needles:
            assert needle.lower() not in text.lower(), (where, needle)
    # The data really is there: the proposals are listed, just without their authors.
    assert "Plan r2024 0" in documents[f"/api/v1/rounds/{world.rounds['r2024']}/proposals"]
