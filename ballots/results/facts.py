"""What a count needs from other modules: the round, its ballot, the active ballots and turnout.

Eligible voters (printed on the certificate) = the round's voting codes that were not voided,
plus residents registered at a desk, plus account holders who voted. The platform keeps no
register of every resident, so an account holder who did not vote is not counted; the account
voters are the participations that no code or desk registration explains.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.jsontypes import JSONObject
from app.rounds.queries import RoundView, round_by_id
from ballots import queries as ballot_list
from ballots.box import eligibility
from ballots.box import queries as box
from ballots.box import rules as box_rules
from ballots.box.tables import Ballot as BallotRow
from ballots.results.export import build_export


@dataclass(frozen=True)
class RoundFacts:
    """A closed round as the count sees it: its export text and the turnout figures."""

    round: RoundView
    options: dict[str, dict[str, object]]
    export: str
    counts: JSONObject


async def ballots_by_channel(round_id: int) -> dict[str, int]:
    """Active ballots per channel (the ballot box's queries have no such question yet)."""
    rows = await BallotRow.raw(
        'SELECT "channel", count(*) AS "n" FROM "ballot" '
        'WHERE "round" = {} AND "status" = \'active\' GROUP BY "channel"',
        round_id,
    )
    return {str(r["channel"]): int(r["n"]) for r in sorted(rows, key=lambda r: str(r["channel"]))}


async def counts(round_id: int) -> JSONObject:
    """Eligible voters, participations and ballots per channel, and turnout per buurt."""
    turnout = await box.turnout(round_id)
    codes = await box.round_codes(round_id)
    by_status = Counter(str(row["status"]) for row in codes)
    desk = await eligibility.desk_count(round_id)
    participations = Counter[str]()
    for row in turnout:
        participations[row.channel] += row.voters
    total = sum(participations.values())
    accounts = max(0, total - by_status["used"] - desk)
    ballots = await ballots_by_channel(round_id)
    return {
        "eligible": by_status["issued"] + by_status["used"] + desk + accounts,
        "participations": {**dict(sorted(participations.items())), "total": total},
        "ballots": {**dict(sorted(ballots.items())), "total": sum(ballots.values())},
        "turnout": [
            {"buurt": row.buurt_code, "channel": row.channel, "voters": row.voters}
            for row in turnout
        ],
    }


async def round_facts(round_id: int) -> RoundFacts | None:
    """The round, its frozen options and the canonical export of its active ballots."""
    view = await round_by_id(round_id)
    if view is None:
        return None
    rows = await ballot_list.ballot_options(round_id)
    options = [
        box_rules.Option(str(o["project_key"]), str(o["title"]), int(o["cost_cents"])) for o in rows
    ]
    instance = box_rules.instance_for(view.rules, view.amount_cents, options)
    board = await box.board(round_id)
    export = build_export(
        round_id=view.id,
        title=view.title,
        area=view.area_name,
        instance=instance,
        rule=view.rules.counting_rule,
        options=view.rules.rule_options,
        tie_break=view.rules.tie_break,
        ballots=[(entry.receipt, entry.ballot) for entry in board],
    )
    by_key = {str(o["project_key"]): dict(o) for o in rows}
    return RoundFacts(view, by_key, export, await counts(round_id))
