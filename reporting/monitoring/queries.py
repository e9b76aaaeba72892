"""Read-only counts behind the dashboards: rounds, proposals, turnout, money and delivery.

Eligible voters of a buurt in a round are the round's issued (not voided) voting codes for
that buurt plus the accounts whose postcode lies in that buurt on the round's voting day. A
resident with both an account and a letter is counted twice, so turnout is a lower bound.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from app.accounts import queries as account_queries
from app.areas.postcodes import PostcodeError, in_range, parse_postcode
from app.areas.queries import AreaNode, RangeRow, area_nodes, every_postcode_range
from app.rounds import queries as round_queries
from ballots import queries as ballot_queries
from ballots.box import queries as box_queries
from ballots.results import queries as result_queries
from delivery import queries as delivery_queries
from proposals import queries as proposal_queries
from reporting.monitoring.figures import BuurtTurnout, Facts, ProjectFacts, RoundFacts

__all__ = ["AreaNode", "area_nodes", "comparable_areas", "facts", "find_area", "subtree"]


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


class _Placement:
    """Which buurt an account's postcode lies in on a day, from the postcode ranges."""

    def __init__(self, ranges: list[RangeRow], nodes: dict[int, AreaNode]) -> None:
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
            if in_range(parsed, row.digits, row.letters_from, row.letters_to):
                node = self.nodes.get(row.area_id)
                if node is not None and node.valid_on(day):
                    return node.id
        return None


async def _decided_cents(round_ids: list[int]) -> dict[int, int]:
    """Funded money of each round's latest certified result (ballot option costs)."""
    latest = await result_queries.certified_outcomes(round_ids)
    if not latest:
        return {}
    options = await ballot_queries.options_of_rounds(sorted(latest))
    decided: dict[int, int] = {}
    for round_id, outcome in latest.items():
        selected = json.loads(outcome or "{}").get("selected", [])
        decided[round_id] = sum(
            int(options[(round_id, str(key))]["cost_cents"])
            for key in selected
            if (round_id, str(key)) in options
        )
    return decided


async def facts(area_id: int | None = None, nodes: dict[int, AreaNode] | None = None) -> Facts:
    """The dashboard facts of an area and everything below it, or of every area (None)."""
    nodes = nodes if nodes is not None else await area_nodes()
    scope = subtree(nodes, area_id) if area_id is not None else set(nodes)
    rounds = [r for r in await round_queries.published_round_dates() if r.area_id in scope]
    round_ids = sorted(r.id for r in rounds)
    proposals = await proposal_queries.count_by_round()
    voted = await box_queries.participations_by_buurt()
    codes = await box_queries.codes_by_buurt()
    accounts = await account_queries.accounts_per_postcode()
    placement = _Placement(await every_postcode_range(), nodes)
    by_code = {node.code: node for node in nodes.values()}
    decided = await _decided_cents(round_ids)
    found: list[RoundFacts] = []
    for row in sorted(rounds, key=lambda r: r.id):
        round_id = row.id
        day = _day(row.voting_starts, row.created_at)
        within = subtree(nodes, row.area_id)
        eligible: dict[str, int] = dict(codes.get(round_id, {}))
        for postcode, count in accounts.items():
            buurt_id = placement.buurt(postcode, day)
            if buurt_id is not None and buurt_id in within:
                code = nodes[buurt_id].code
                eligible[code] = eligible.get(code, 0) + count
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
                area_code=nodes[row.area_id].code,
                year=day.year,
                proposals=proposals.get(round_id, 0),
                participants=sum(participants.values()),
                buurten=buurten,
                decided_cents=decided.get(round_id, 0),
                certified=round_id in decided,
            )
        )
    projects = await delivery_queries.money_of_rounds(round_ids)
    return Facts(
        rounds=tuple(found),
        projects=tuple(
            ProjectFacts(
                round_id=p.round,
                status=p.status,
                amount_cents=p.amount_cents,
                spent_cents=p.spent_cents,
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
