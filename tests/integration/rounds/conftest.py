"""Fixtures for the round tests: a district with a programme line, a wijk and a buurt below it."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

LINE_EUROS = 100_000


@dataclass(frozen=True)
class Tree:
    """District > wijk > buurt, another district, and the district's resident line."""

    district: str
    wijk: str
    buurt: str
    other: str
    line_id: int
    other_line_id: int


async def _area(code: str, level: str, parent: int | None) -> int:
    from app.areas.tables import Area

    rows = await Area.insert(
        Area(
            code=code,
            name=f"Gebied {code}",
            level=level,
            parent=parent,
            valid_from=date(2019, 1, 1),
        )
    ).returning(Area.id)
    return int(rows[0]["id"])


async def _line(area_id: int, year: int = 2026, euros: int = LINE_EUROS) -> int:
    from app.programmes.tables import BudgetLine, Programme

    programme = await Programme.insert(
        Programme(area=area_id, year=year, title=f"Programma {year}", total_cents=euros * 300)
    ).returning(Programme.id)
    await BudgetLine.insert(
        BudgetLine(programme=programme[0]["id"], name="Groen", kind="regular", amount_cents=1)
    )
    line = await BudgetLine.insert(
        BudgetLine(
            programme=programme[0]["id"],
            name="Bewoners beslissen",
            kind="resident",
            amount_cents=euros * 100,
        )
    ).returning(BudgetLine.id)
    return int(line[0]["id"])


@pytest.fixture
async def tree() -> Tree:
    """A fresh district tree with a 100.000 euro resident line, and a second district."""
    tag = secrets.token_hex(3).upper()
    district = await _area(f"GBR{tag}", "district", None)
    wijk = await _area(f"WKR{tag}", "neighbourhood", district)
    await _area(f"BUR{tag}", "buurt", wijk)
    other = await _area(f"GBX{tag}", "district", None)
    return Tree(
        district=f"GBR{tag}",
        wijk=f"WKR{tag}",
        buurt=f"BUR{tag}",
        other=f"GBX{tag}",
        line_id=await _line(district),
        other_line_id=await _line(other),
    )


def round_form(line_id: int, **overrides: Any) -> dict[str, str]:
    """A complete, valid round form."""
    data = {
        "title": "Buurtbudget Test 2026",
        "description": "Een test.",
        "amount": "40.000",
        "budget_line": str(line_id),
        "proposing_starts": "2030-02-01T19:00",
        "reviewing_starts": "2030-03-01T19:00",
        "deliberating_starts": "2030-04-01T19:00",
        "voting_starts": "2030-05-01T19:00",
        "counting_starts": "2030-05-15T19:00",
        "proposer_min_age": "16",
        "max_cost": "10.000",
        "categories": "Groen, Spelen",
        "support_threshold": "5",
        "ballot_type": "approval",
        "ballot_min": "0",
        "ballot_max": "0",
        "ballot_cost_limit": "",
        "points_total": "0",
        "counting_rule": "mes-add1",
        "opt_exhaustive_stop": "1",
        "opt_integral_start": "0",
        "opt_then_greedy": "0",
        "opt_comparison": "",
        "tie_break": "lexicographic",
        "allow_blank": "1",
        "allow_vote_change": "0",
    }
    data.update({key: str(value) for key, value in overrides.items()})
    return data


@pytest.fixture
def new_round(tree: Tree) -> Callable[..., Awaitable[int]]:
    """Create a round through the use case (as the operator), optionally moved to a phase."""

    async def factory(phase: str = "draft", area: str = "", **overrides: Any) -> int:
        from app.rounds import services
        from app.rounds.tables import Round

        outcome = await services.create_round(
            None, "cli", area or tree.wijk, round_form(tree.line_id, **overrides)
        )
        assert outcome.ok, outcome.problems
        assert outcome.value is not None
        if phase != "draft":
            await Round.update({Round.phase: phase}).where(Round.id == outcome.value)
        return outcome.value

    return factory


@pytest.fixture
async def english(client: AsyncTestClient[Litestar]) -> AsyncTestClient[Litestar]:
    """The client with English chosen, for assertions on message text."""
    client.cookies.set("wijkstem_lang", "en")
    return client


async def events(round_id: int) -> list[dict[str, Any]]:
    """The round's audit events, oldest first."""
    from app.rounds import queries

    return [asdict(event) for event in await queries.history(round_id)]


async def phase_of(round_id: int) -> str:
    """The stored phase of a round."""
    from app.rounds import queries

    view = await queries.round_by_id(round_id)
    assert view is not None
    return view.phase
