"""Fixtures for the ballot box: a round in voting with ballot options, and voting codes."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.support.box import box_key

OPTIONS = [("P1", 40_000_00), ("P2", 30_000_00), ("P3", 20_000_00), ("P4", 10_000_00)]


@dataclass(frozen=True)
class VotingRound:
    """A round in the voting phase and plain codes issued for it."""

    id: int
    codes: list[str]


async def create_round(options: list[tuple[str, int]] | None = None, **fields: Any) -> int:
    """An area and a round in voting with four confirmed ballot options (or `options`)."""
    from app.areas.tables import Area
    from app.rounds.tables import Round
    from ballots.box import services
    from ballots.tables import BallotOption

    code = f"BU{secrets.token_hex(4).upper()}"  # area codes are upper case (CBS)
    area = await Area.insert(
        Area(code=code, name="Testbuurt", level="buurt", valid_from=date(2020, 1, 1))
    ).returning(Area.id)
    values = {
        "area": area[0]["id"],
        "title": "Testronde",
        "amount_cents": 100_000_00,
        "phase": "voting",
        "voting_starts": datetime.now(UTC) - timedelta(days=1),
        "counting_starts": datetime.now(UTC) + timedelta(days=1),
        "ballot_type": "approval",
        "ballot_max": 3,
        **fields,
    }
    wanted = str(values["phase"])
    if wanted in ("voting", "counting"):  # the key is made before voting opens
        values["phase"] = "deliberating"
    rows = await Round.insert(Round(**values)).returning(Round.id)
    round_id = int(rows[0]["id"])
    await BallotOption.insert(
        *[
            BallotOption(
                round=round_id,
                proposal_id=at + 1,
                slot=f"{round_id}:{at + 1}",
                project_key=key,
                title=f"Project {key}",
                summary="",
                cost_cents=cost,
                position=at,
            )
            for at, (key, cost) in enumerate(options or OPTIONS)
        ]
    )
    if wanted != values["phase"]:
        await box_key(round_id)
        await Round.update({Round.phase: wanted}).where(Round.id == round_id)
    services.forget_caches()
    return round_id


@pytest.fixture
def voting_round() -> Callable[..., Awaitable[VotingRound]]:
    """Create a round in voting with `codes` voting codes; keyword arguments set round fields."""

    async def factory(codes: int = 3, **fields: Any) -> VotingRound:
        from ballots.box.issuing import generate_codes

        round_id = await create_round(**fields)
        made = await generate_codes(round_id, count=codes, actor="test")
        assert made.value is not None, made
        return VotingRound(round_id, [item.code for item in made.value])

    return factory


@pytest.fixture(autouse=True)
async def _no_failures() -> None:
    """Forget wrong-code failures so throttling tests do not leak into others."""
    from ballots.box import services
    from ballots.box.tables import CodeFailure

    await CodeFailure.delete(force=True)
    services.forget_caches()
