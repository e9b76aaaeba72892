"""Read-only questions about rounds, for pages and for the proposals and ballots modules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.areas.tables import Area
from app.rounds import phases
from app.rounds.rules import RoundRules
from app.rounds.tables import Round


@dataclass(frozen=True)
class RoundView:
    """A round as other modules see it: identity, area, money, phase, schedule and rules."""

    id: int
    title: str
    description: str
    area_id: int
    area_code: str
    area_name: str
    amount_cents: int
    phase: str
    schedule: dict[str, datetime | None]
    rules: RoundRules
    budget_line_id: int | None

    def allows(self, action: str) -> bool:
        """Whether the round's current phase allows an action (see app/rounds/phases.py)."""
        return phases.allows(self.phase, action)


def _view(row: dict[str, Any], area: dict[str, Any]) -> RoundView:
    rules = RoundRules(
        proposer_min_age=int(row["proposer_min_age"]),
        max_cost_cents=int(row["max_cost_cents"]),
        categories=tuple(json.loads(row["categories"] or "[]")),
        support_threshold=int(row["support_threshold"]),
        ballot_type=str(row["ballot_type"]),
        ballot_min=int(row["ballot_min"]),
        ballot_max=int(row["ballot_max"]),
        ballot_cost_limit_cents=int(row["ballot_cost_limit_cents"]),
        points_total=int(row["points_total"]),
        counting_rule=str(row["counting_rule"]),
        rule_options=json.loads(row["rule_options"] or "{}"),
        tie_break=str(row["tie_break"]),
        allow_blank=bool(row["allow_blank"]),
        allow_vote_change=bool(row["allow_vote_change"]),
    )
    return RoundView(
        id=int(row["id"]),
        title=str(row["title"]),
        description=str(row["description"]),
        area_id=int(row["area"]),
        area_code=str(area["code"]),
        area_name=str(area["name"]),
        amount_cents=int(row["amount_cents"]),
        phase=str(row["phase"]),
        schedule={name: row[f"{name}_starts"] for name in phases.SCHEDULED},
        rules=rules,
        budget_line_id=None if row["budget_line"] is None else int(row["budget_line"]),
    )


async def round_by_id(round_id: int) -> RoundView | None:
    """One round, or None when it does not exist."""
    row = await Round.select().where(Round.id == round_id).first()
    if row is None:
        return None
    area = await Area.select(Area.code, Area.name).where(Area.id == row["area"]).first()
    if area is None:  # cannot happen: the foreign key restricts deleting a round's area
        return None
    return _view(row, area)


async def rounds_for_area_ids(area_ids: list[int]) -> list[RoundView]:
    """Every round held in the given areas, newest first."""
    if not area_ids:
        return []
    rows = (
        await Round.select().where(Round.area.is_in(area_ids)).order_by(Round.id, ascending=False)
    )
    areas = {
        int(a["id"]): a
        for a in await Area.select(Area.id, Area.code, Area.name).where(Area.id.is_in(area_ids))
    }
    return [_view(row, areas[int(row["area"])]) for row in rows]
