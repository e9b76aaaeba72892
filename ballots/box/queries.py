"""Read-only questions about the ballot box: counts, turnout, the board and a round's codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ballots.box.rules import ballot_from_json
from ballots.box.tables import Ballot as BallotRow
from ballots.box.tables import Participation, VotingCode
from ballots.counting.model import Ballot


@dataclass(frozen=True)
class TurnoutRow:
    """How many voters took part in one buurt through one channel."""

    buurt_code: str
    channel: str
    voters: int


@dataclass(frozen=True)
class BoardEntry:
    """A receipt code and its ballot's choices, for the public board after the close."""

    receipt: str
    ballot: Ballot


async def ballots_cast(round_id: int) -> int:
    """Active ballots of a round (what the board shows while voting runs)."""
    return int(
        await BallotRow.count().where(
            (BallotRow.round == round_id) & (BallotRow.status == "active")
        )
    )


async def participations(round_id: int) -> int:
    """Voters who took part in a round; always equal to ballots_cast."""
    return int(await Participation.count().where(Participation.round == round_id))


async def turnout(round_id: int) -> list[TurnoutRow]:
    """Voters per buurt and channel; reveals no choice."""
    rows = await Participation.raw(
        'SELECT "buurt_code", "channel", count(*) AS "voters" FROM "ballot_participation" '
        'WHERE "round" = {} GROUP BY "buurt_code", "channel" ORDER BY "buurt_code", "channel"',
        round_id,
    )
    return [TurnoutRow(str(r["buurt_code"]), str(r["channel"]), int(r["voters"])) for r in rows]


async def board(round_id: int) -> list[BoardEntry]:
    """Every active ballot of a round by receipt code (show only after the close)."""
    rows = await (
        BallotRow.select(BallotRow.receipt, BallotRow.choices)
        .where((BallotRow.round == round_id) & (BallotRow.status == "active"))
        .order_by(BallotRow.receipt)
    )
    return [BoardEntry(str(r["receipt"]), ballot_from_json(str(r["choices"]))) for r in rows]


async def round_codes(round_id: int) -> list[dict[str, Any]]:
    """A round's voting codes for staff: id, address, buurt and status (never the code)."""
    rows: list[dict[str, Any]] = await (
        VotingCode.select(
            VotingCode.id,
            VotingCode.postcode,
            VotingCode.house_number,
            VotingCode.name,
            VotingCode.buurt_code,
            VotingCode.status,
        )
        .where(VotingCode.round == round_id)
        .order_by(VotingCode.id)
    )
    return rows


async def _by_round_and_buurt(sql: str) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for row in await Participation.raw(sql):
        found.setdefault(int(row["round"]), {})[str(row["buurt_code"])] = int(row["n"])
    return found


async def participations_by_buurt() -> dict[int, dict[str, int]]:
    """Voters per round and buurt (every round); reveals no choice."""
    return await _by_round_and_buurt(
        'SELECT "round", "buurt_code", count(*) AS "n" FROM "ballot_participation" '
        'GROUP BY "round", "buurt_code"'
    )


async def codes_by_buurt() -> dict[int, dict[str, int]]:
    """Issued (not voided) voting codes per round and buurt (every round)."""
    return await _by_round_and_buurt(
        'SELECT "round", "buurt_code", count(*) AS "n" FROM "voting_code" '
        'WHERE "status" <> \'voided\' GROUP BY "round", "buurt_code"'
    )
