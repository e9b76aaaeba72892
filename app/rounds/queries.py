"""Read-only questions about rounds, for pages and for the proposals and ballots modules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.query.methods.select import Select

from app.areas import queries as area_queries
from app.audit import queries as audit_queries
from app.jsontypes import JSONObject
from app.programmes import queries as programme_queries
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
    template_of: int | None = None

    def allows(self, action: str) -> bool:
        """Whether the round's current phase allows an action (see app/rounds/phases.py)."""
        return phases.allows(self.phase, action)


def _view(row: dict[str, Any], area: area_queries.AreaName) -> RoundView:
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
        area_code=area.code,
        area_name=area.name,
        amount_cents=int(row["amount_cents"]),
        phase=str(row["phase"]),
        schedule={name: row[f"{name}_starts"] for name in phases.SCHEDULED},
        rules=rules,
        budget_line_id=None if row["budget_line"] is None else int(row["budget_line"]),
        template_of=None if row.get("template_of") is None else int(row["template_of"]),
    )


async def round_by_id(round_id: int) -> RoundView | None:
    """One round, or None when it does not exist."""
    row = await Round.select().where(Round.id == round_id).first()
    if row is None:
        return None
    area = (await area_queries.codes_and_names([int(row["area"])])).get(int(row["area"]))
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
    areas = await area_queries.codes_and_names(area_ids)
    return [_view(row, areas[int(row["area"])]) for row in rows]


async def rounds_in_areas(codes: set[str]) -> list[RoundView]:
    """Every round held in any of these areas (e.g. an area and its descendants), newest first."""
    if not codes:
        return []
    ids = await area_queries.ids_of_codes(codes)
    return await rounds_for_area_ids(ids)


async def rounds_list(phase: str | None = None, area_code: str | None = None) -> list[RoundView]:
    """Every round, newest first, optionally only those in one phase or one area."""
    query = Round.select()
    if phase:
        query = query.where(Round.phase == phase)
    if area_code:
        query = query.where(Round.area.code == area_code.strip().upper())
    rows = await query.order_by(Round.id, ascending=False)
    area_ids = sorted({int(row["area"]) for row in rows})
    if not area_ids:
        return []
    areas = await area_queries.codes_and_names(area_ids)
    return [_view(row, areas[int(row["area"])]) for row in rows]


async def committed_cents(budget_line_id: int, except_round: int | None = None) -> int:
    """The money rounds have taken from a budget line (optionally leaving one round out)."""
    rows = await Round.select(Round.id, Round.amount_cents).where(
        Round.budget_line == budget_line_id
    )
    return sum(int(row["amount_cents"]) for row in rows if row["id"] != except_round)


async def taken_from(view: RoundView, area_codes: set[str]) -> programme_queries.LineDetail | None:
    """The round's budget line (id, name, programme_id, programme_title, …), if it is a
    resident-decision line of a programme of one of these areas (the round's lineage)."""
    if view.budget_line_id is None:
        return None
    line = await programme_queries.budget_line(view.budget_line_id)
    if line is None or line.kind != "resident" or line.area_code not in area_codes:
        return None
    return line


@dataclass(frozen=True, slots=True)
class ResidentLine:
    """A resident-decision budget line a round may take money from, with what is still free."""

    id: int
    name: str
    amount_cents: int
    programme_id: int
    programme_title: str
    year: int
    area_code: str
    committed_cents: int  # taken by other rounds
    free_cents: int


@dataclass(frozen=True, slots=True)
class RoundEvent:
    """One audit event of a round; `payload` is the event's open JSON body."""

    height: int
    created_at: str
    actor: str
    action: str
    payload: JSONObject


@dataclass(frozen=True, slots=True)
class Schedule:
    """A round whose dates may still move it forward: its phase and its phase starts."""

    id: int
    phase: str
    starts: dict[str, datetime | None]


async def resident_lines(area_code: str, except_round: int | None = None) -> list[ResidentLine]:
    """Resident-decision lines of the programmes of an area and its ancestors, with free money."""
    lines: list[ResidentLine] = []
    for code in await area_queries.lineage_codes(area_code):
        for programme in await programme_queries.programmes(area_code=code):
            for line in await programme_queries.budget_lines(int(programme.id)):
                if line.kind != "resident":
                    continue
                committed = await committed_cents(int(line.id), except_round)
                lines.append(
                    ResidentLine(
                        id=line.id,
                        name=line.name,
                        amount_cents=line.amount_cents,
                        programme_id=programme.id,
                        programme_title=programme.title,
                        year=programme.year,
                        area_code=code,
                        committed_cents=committed,
                        free_cents=line.amount_cents - committed,
                    )
                )
    return lines


async def active_schedules() -> list[Schedule]:
    """Id, phase and phase starts of every round that dates may still move forward."""
    movable = [p for p in phases.PHASES[1:] if phases.index(p) < phases.index("counting")]
    columns = [Round.id, Round.phase] + [
        getattr(Round, f"{name}_starts") for name in phases.SCHEDULED
    ]
    rows = await Round.select(*columns).where(Round.phase.is_in(movable)).order_by(Round.id)
    return [
        Schedule(
            id=int(row["id"]),
            phase=str(row["phase"]),
            starts={name: row[f"{name}_starts"] for name in phases.SCHEDULED},
        )
        for row in rows
    ]


async def round_id_by_title(area_code: str, title: str) -> int | None:
    """The round with this exact title in an area (the demo's key), or None."""
    row = (
        await Round.select(Round.id)
        .where(Round.area.code == area_code.strip().upper(), Round.title == title)
        .first()
    )
    return None if row is None else int(row["id"])


async def history(round_id: int) -> list[RoundEvent]:
    """The round's audit events, oldest first."""
    events = await audit_queries.events_for_subject(f"round:{round_id}")
    return [
        RoundEvent(
            height=int(event["height"]),
            created_at=str(event["created_at"]),
            actor=str(event["actor"]),
            action=str(event["action"]),
            payload=dict(json.loads(event["payload"] or "{}")),
        )
        for event in events
    ]


@dataclass(frozen=True)
class RoundDates:
    """A published round's area and the dates that place it in a year."""

    id: int
    area_id: int
    voting_starts: datetime | None
    created_at: datetime


async def published_round_dates() -> list[RoundDates]:
    """Every round past draft, with its area id and dates."""
    rows = await Round.select(Round.id, Round.area, Round.voting_starts, Round.created_at).where(
        Round.phase != "draft"
    )
    return [
        RoundDates(int(r["id"]), int(r["area"]), r["voting_starts"], r["created_at"]) for r in rows
    ]


@dataclass(frozen=True, slots=True)
class PublishedRound:
    """A round past draft as the open data shows it: its area, dates, money and ballot rules."""

    id: int
    area_id: int
    area_code: str
    area_name: str
    title: str
    description: str
    phase: str
    amount_cents: int
    max_cost_cents: int
    categories: tuple[str, ...]
    ballot_type: str
    ballot_min: int
    ballot_max: int
    ballot_cost_limit_cents: int
    points_total: int
    counting_rule: str
    tie_break: str
    created_at: datetime
    starts: dict[str, datetime | None]  # by phase name (app.rounds.phases.SCHEDULED)


def _published(row: dict[str, Any]) -> PublishedRound:
    return PublishedRound(
        id=int(row["id"]),
        area_id=int(row["area"]),
        area_code=str(row["area_code"]),
        area_name=str(row["area_name"]),
        title=str(row["title"]),
        description=str(row["description"]),
        phase=str(row["phase"]),
        amount_cents=int(row["amount_cents"]),
        max_cost_cents=int(row["max_cost_cents"]),
        categories=tuple(str(c) for c in json.loads(row["categories"] or "[]")),
        ballot_type=str(row["ballot_type"]),
        ballot_min=int(row["ballot_min"]),
        ballot_max=int(row["ballot_max"]),
        ballot_cost_limit_cents=int(row["ballot_cost_limit_cents"]),
        points_total=int(row["points_total"]),
        counting_rule=str(row["counting_rule"]),
        tie_break=str(row["tie_break"]),
        created_at=row["created_at"],
        starts={name: row[f"{name}_starts"] for name in phases.SCHEDULED},
    )


def _published_query() -> Select[Round]:
    return Round.select(
        *Round.all_columns(),
        Round.area.code.as_alias("area_code"),
        Round.area.name.as_alias("area_name"),
    ).where(Round.phase != "draft")


async def published_rows(phase: str | None = None) -> list[PublishedRound]:
    """The rounds past draft (newest first), with the area's code and name."""
    query = _published_query()
    if phase:
        query = query.where(Round.phase == phase)
    return [_published(row) for row in await query.order_by(Round.id, ascending=False)]


async def published_row(round_id: int) -> PublishedRound | None:
    """One round past draft, with the area's code and name, or None."""
    row = await _published_query().where(Round.id == round_id).first()
    return None if row is None else _published(row)
