"""Fixtures for the proposal tests: an area tree with postcodes, rounds in a phase, residents."""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.images import png
from tests.support.web import Account, csrf_token

_DIGITS = itertools.count(1100 + secrets.randbelow(4000))
PNG = png()


@dataclass(frozen=True)
class Place:
    """A small area tree: a wijk with two buurten, and a postcode in each buurt."""

    wijk: str
    buurt: str
    other_buurt: str
    postcode: str
    other_postcode: str
    outside_postcode: str


async def _area(code: str, name: str, level: str, parent: int | None) -> int:
    from app.areas.tables import Area

    rows = await Area.insert(
        Area(code=code, name=name, level=level, parent=parent, valid_from=date(2000, 1, 1))
    ).returning(Area.id)
    return int(rows[0]["id"])


async def _postcode(area_id: int) -> str:
    from app.areas.tables import PostcodeRange

    digits = next(_DIGITS)
    await PostcodeRange.insert(
        PostcodeRange(digits=digits, letters_from="AA", letters_to="ZZ", area=area_id)
    )
    return f"{digits}AB"


@pytest.fixture
async def place() -> Place:
    """A fresh wijk (two buurten) and a separate buurt outside it, each with a postcode."""
    tag = secrets.token_hex(3).upper()
    wijk = await _area(f"WKT{tag}", f"Testwijk {tag}", "neighbourhood", None)
    buurt = await _area(f"BUT{tag}A", f"Testbuurt A {tag}", "buurt", wijk)
    other = await _area(f"BUT{tag}B", f"Testbuurt B {tag}", "buurt", wijk)
    outside = await _area(f"BUT{tag}X", f"Elders {tag}", "buurt", None)
    return Place(
        wijk=f"WKT{tag}",
        buurt=f"BUT{tag}A",
        other_buurt=f"BUT{tag}B",
        postcode=await _postcode(buurt),
        other_postcode=await _postcode(other),
        outside_postcode=await _postcode(outside),
    )


@pytest.fixture
def make_round(place: Place) -> Callable[..., Awaitable[int]]:
    """Create a round for the place's wijk directly in the table, in the phase asked for."""

    async def factory(phase: str = "proposing", **rules: Any) -> int:
        from app.areas.tables import Area
        from app.rounds.tables import Round

        area = await Area.select(Area.id).where(Area.code == place.wijk).first()
        assert area is not None
        values: dict[str, Any] = {"max_cost_cents": 5_000_000, **rules}
        if "categories" in values:
            values["categories"] = json.dumps(values["categories"])
        rows = await Round.insert(
            Round(area=area["id"], title="Wijkbudget test", phase=phase, **values)
        ).returning(Round.id)
        return int(rows[0]["id"])

    return factory


async def set_phase(round_id: int, phase: str) -> None:
    """Move a round to a phase directly (the rounds module owns the real action)."""
    from app.rounds.tables import Round

    await Round.update({Round.phase: phase}).where(Round.id == round_id)


def proposal_fields(place: Place, **overrides: Any) -> dict[str, Any]:
    """A valid proposal form for the place."""
    fields = {
        "title": "Bankjes in het park",
        "summary": "Drie bankjes langs het pad, zodat ouderen kunnen rusten.",
        "description": "We willen **drie bankjes** bij de vijver.\n\n- stevig\n- groen",
        "cost": "4.500,00",
        "area": place.buurt,
    }
    fields.update(overrides)
    return fields


async def submit(
    client: AsyncTestClient[Litestar],
    round_id: int,
    data: dict[str, Any],
    files: dict[str, Any] | None = None,
) -> Any:
    """POST the proposal form as multipart, the way a browser sends it."""
    token = await csrf_token(client)
    return await client.post(
        f"/rondes/{round_id}/voorstellen/nieuw",
        data={"_csrf_token": token, **data},
        files=files or {"photo_1": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )


def new_id(response: Any) -> int:
    """The proposal id a successful submit redirected to."""
    assert response.status_code == 303, response.text[:2000]
    return int(response.headers["location"].split("/")[2].split("?")[0])


@pytest.fixture
def resident(
    make_user: Callable[..., Awaitable[Account]], place: Place
) -> Callable[..., Awaitable[Account]]:
    """A resident living in the place's first buurt (or another postcode)."""

    async def factory(postcode: str = "", name: str = "Bea Bewoner") -> Account:
        return await make_user(postcode=postcode or place.postcode, name=name)

    return factory


async def proposal_count(round_id: int) -> int:
    """How many proposals a round has."""
    from proposals.tables import Proposal

    return int(await Proposal.count().where(Proposal.round == round_id))


def upload_files() -> set[str]:
    """Every file under the uploads folder (published and temporary)."""
    from app.settings import get_settings

    folder = get_settings().uploads_dir
    return {path.name for path in folder.iterdir()} if folder.exists() else set()
