"""Fixtures for results: a round whose ballots were cast through the box, then closed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest

from tests.integration.box.conftest import create_round
from tests.support.box import open_box

Choice = Sequence[str] | tuple[Sequence[str], Sequence[int]]


async def resident_line() -> int:
    """A programme with a resident line for test rounds (certification puts projects on it)."""
    import secrets
    from datetime import date

    from app.areas.tables import Area
    from app.programmes.tables import BudgetLine, Programme

    area = await Area.insert(
        Area(
            code=f"WK{secrets.token_hex(3)}",
            name="Testwijk",
            level="neighbourhood",
            valid_from=date(2020, 1, 1),
        )
    ).returning(Area.id)
    programme = await Programme.insert(
        Programme(area=area[0]["id"], year=2026, title="Testprogramma", total_cents=500_000_00)
    ).returning(Programme.id)
    line = await BudgetLine.insert(
        BudgetLine(
            programme=programme[0]["id"], name="Bewoners", kind="resident", amount_cents=200_000_00
        )
    ).returning(BudgetLine.id)
    return int(line[0]["id"])


async def closed_round(ballots: Sequence[Choice], **fields: Any) -> int:
    """A round in voting, one code per ballot cast through the box services, then counting."""
    from app.rounds.tables import Round
    from ballots.box import services
    from ballots.box.issuing import generate_codes
    from ballots.counting import Ballot

    fields.setdefault("budget_line", await resident_line())
    round_id = await create_round(**fields)
    made = await generate_codes(round_id, count=len(ballots) + 2, actor="test")
    assert made.value is not None, made
    issued = made.value
    page = await services.ballot_page(round_id)
    assert page is not None
    for item, choice in zip(issued, ballots, strict=False):
        check = await services.verify_code(round_id, item.code, "10.9.9.9")
        assert check.voter is not None
        if isinstance(choice, tuple) and len(choice) == 2 and not isinstance(choice[0], str):
            ballot = Ballot(projects=tuple(choice[0]), points=tuple(choice[1]))
        else:
            ballot = Ballot(projects=tuple(choice))  # type: ignore[arg-type]
        cast = await services.cast_ballot(page, check.voter, ballot)
        assert cast.ok, cast
    await Round.update({Round.phase: "counting"}).where(Round.id == round_id)
    services.forget_caches()
    await open_box(round_id)
    return round_id


@pytest.fixture
def counted_round() -> Callable[..., Awaitable[tuple[int, int]]]:
    """A closed round counted through a job; returns (round id, draft result id)."""

    async def factory(ballots: Sequence[Choice], **fields: Any) -> tuple[int, int]:
        from ballots.results import jobs

        round_id = await closed_round(ballots, **fields)
        queued = await jobs.request_count(None, round_id)
        assert queued.ok and queued.value is not None, queued
        done = await jobs.run_job(queued.value, "test")
        assert done.ok and done.value is not None, done
        return round_id, done.value

    return factory


@pytest.fixture(autouse=True)
async def _fresh_caches() -> None:
    """Forget cached ballot pages and wrong-code counts between tests."""
    from ballots.box import services
    from ballots.box.tables import CodeFailure

    await CodeFailure.delete(force=True)
    services.forget_caches()
