"""Read-only counts behind the dashboards: rounds, proposals, turnout, money and delivery.

Eligible voters of a buurt in a round are the round's issued (not voided) voting codes for
that buurt plus the accounts whose postcode lies in that buurt on the round's voting day. A
resident with both an account and a letter is counted twice, so turnout is a lower bound.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.accounts.tables import User
from app.areas.postcodes import PostcodeError, in_range, parse_postcode
from app.areas.tables import Area, PostcodeRange
from app.rounds.tables import Round
from ballots.box.tables import Participation, VotingCode
from ballots.results.tables import Result
from ballots.tables import BallotOption
from delivery.tables import Project
from proposals.tables import Proposal
from reporting.monitoring.figures import BuurtTurnout, Facts, ProjectFacts, RoundFacts


@dataclass(frozen=True)
class AreaNode:
    """One area of the tree, current or historic."""

    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        """Whether the area existed on the day."""
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


async def area_nodes() -> dict[int, AreaNode]:
    """Every area (current and historic) by id."""
    rows = await Area.select(
        Area.id, Area.code, Area.name, Area.level, Area.parent, Area.valid_from, Area.valid_to
    )
    return {
        int(row["id"]): AreaNode(
            id=int(row["id"]),
            code=str(row["code"]),
            name=str(row["name"]),
            level=str(row["level"]),
            parent_id=None if row["parent"] is None else int(row["parent"]),
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
        )
        for row in rows
    }


def subtree(nodes: dict[int, AreaNode], root_id: int) -> set[int]:
    """The root and every area below it, whatever their validity."""
    below: dict[int, list[int]] = {}
    for node in nodes.values():
        if node.parent_id is not None:
            below.setdefault(node.parent_id, []).append(node.id)
    found: set[int] = set()
    frontier = [root_id]
    while frontier:
        current = frontier.pop()
        if current not in found:
            found.add(current)
            frontier.extend(below.get(current, []))
    return found


def _day(value: datetime | None, fallback: datetime) -> date:
    return (value or fallback).date()


async def _counts_by_round(table: Any, sql: str) -> dict[int, int]:
    rows = await table.raw(sql)
    return {int(row["round"]): int(row["n"]) for row in rows}


async def _by_round_and_buurt(table: Any, sql: str) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for row in await table.raw(sql):
        found.setdefault(int(row["round"]), {})[str(row["buurt_code"])] = int(row["n"])
    return found


class _Placement:
    """Which buurt an account's postcode lies in on a day, from the postcode ranges."""

    def __init__(self, ranges: list[dict[str, Any]], nodes: dict[int, AreaNode]) -> None:
        self.ranges = ranges
        self.nodes = nodes
        self.cache: dict[tuple[str, date], int | None] = {}

    def buurt(self, postcode: str, day: date) -> int | None:
        key = (postcode, day)
        if key not in self.cache:
            self.cache[key] = self._find(postcode, day)
        return self.cache[key]

    def _find(self, postcode: str, day: date) -> int | None:
        try:
            parsed = parse_postcode(postcode)
        except PostcodeError:
            return None
        for row in self.ranges:
            if in_range(
                parsed, int(row["digits"]), str(row["letters_from"]), str(row["letters_to"])
            ):
                node = self.nodes.get(int(row["area"]))
                if node is not None and node.valid_on(day):
                    return node.id
        return None


async def _decided_cents(round_ids: list[int]) -> dict[int, int]:
    """Funded money of each round's latest certified result (ballot option costs)."""
    if not round_ids:
        return {}
    results = await (
        Result.select(Result.round, Result.outcome)
        .where(Result.status == "certified", Result.round.is_in(round_ids))
        .order_by(Result.id)
    )
    latest = {int(row["round"]): str(row["outcome"]) for row in results}
    if not latest:
        return {}
    options = await BallotOption.select(
        BallotOption.round, BallotOption.project_key, BallotOption.cost_cents
    ).where(BallotOption.round.is_in(sorted(latest)))
    costs = {(int(o["round"]), str(o["project_key"])): int(o["cost_cents"]) for o in options}
    decided: dict[int, int] = {}
    for round_id, outcome in latest.items():
        selected = json.loads(outcome or "{}").get("selected", [])
        decided[round_id] = sum(costs.get((round_id, str(key)), 0) for key in selected)
    return decided


async def facts(area_id: int | None = None, nodes: dict[int, AreaNode] | None = None) -> Facts:
    """The dashboard facts of an area and everything below it, or of every area (None)."""
    nodes = nodes if nodes is not None else await area_nodes()
    scope = subtree(nodes, area_id) if area_id is not None else set(nodes)
    rounds = [
        row
        for row in await Round.select(
            Round.id, Round.area, Round.voting_starts, Round.created_at
        ).where(Round.phase != "draft")
        if int(row["area"]) in scope
    ]
    round_ids = sorted(int(row["id"]) for row in rounds)
    proposals = await _counts_by_round(
        Proposal, 'SELECT "round", count(*) AS "n" FROM "proposal" GROUP BY "round"'
    )
    voted = await _by_round_and_buurt(
        Participation,
        'SELECT "round", "buurt_code", count(*) AS "n" FROM "ballot_participation" '
        'GROUP BY "round", "buurt_code"',
    )
    codes = await _by_round_and_buurt(
        VotingCode,
        'SELECT "round", "buurt_code", count(*) AS "n" FROM "voting_code" '
        'WHERE "status" <> \'voided\' GROUP BY "round", "buurt_code"',
    )
    accounts = await User.raw(
        'SELECT "postcode", count(*) AS "n" FROM "account_user" '
        'WHERE "postcode" <> \'\' GROUP BY "postcode"'
    )
    placement = _Placement(
        await PostcodeRange.select(
            PostcodeRange.digits,
            PostcodeRange.letters_from,
            PostcodeRange.letters_to,
            PostcodeRange.area,
        ).order_by(PostcodeRange.id),
        nodes,
    )
    by_code = {node.code: node for node in nodes.values()}
    decided = await _decided_cents(round_ids)
    found: list[RoundFacts] = []
    for row in sorted(rounds, key=lambda r: int(r["id"])):
        round_id = int(row["id"])
        day = _day(row["voting_starts"], row["created_at"])
        within = subtree(nodes, int(row["area"]))
        eligible: dict[str, int] = dict(codes.get(round_id, {}))
        for account in accounts:
            buurt_id = placement.buurt(str(account["postcode"]), day)
            if buurt_id is not None and buurt_id in within:
                code = nodes[buurt_id].code
                eligible[code] = eligible.get(code, 0) + int(account["n"])
        participants = voted.get(round_id, {})
        buurten = tuple(
            BuurtTurnout(
                buurt_code=code,
                buurt_name=by_code[code].name if code in by_code else "",
                participants=participants.get(code, 0),
                eligible=eligible.get(code, 0),
            )
            for code in sorted(set(participants) | set(eligible))
        )
        found.append(
            RoundFacts(
                round_id=round_id,
                area_code=nodes[int(row["area"])].code,
                year=day.year,
                proposals=proposals.get(round_id, 0),
                participants=sum(participants.values()),
                buurten=buurten,
                decided_cents=decided.get(round_id, 0),
                certified=round_id in decided,
            )
        )
    projects = (
        await Project.select(
            Project.round, Project.status, Project.amount_cents, Project.spent_cents
        ).where(Project.round.is_in(round_ids))
        if round_ids
        else []
    )
    return Facts(
        rounds=tuple(found),
        projects=tuple(
            ProjectFacts(
                round_id=int(p["round"]),
                status=str(p["status"]),
                amount_cents=int(p["amount_cents"]),
                spent_cents=int(p["spent_cents"]),
            )
            for p in projects
        ),
    )


def find_area(nodes: dict[int, AreaNode], code: str) -> AreaNode | None:
    """The area with this code (any validity), or None."""
    wanted = code.strip().upper()
    return next((node for node in nodes.values() if node.code == wanted), None)


def comparable_areas(nodes: dict[int, AreaNode], on: date) -> list[AreaNode]:
    """Districts and neighbourhoods valid on the day, by name: the areas staff usually compare."""
    return sorted(
        (n for n in nodes.values() if n.level in ("district", "neighbourhood") and n.valid_on(on)),
        key=lambda n: (n.level, n.name),
    )
