"""Read-only questions about the ballot box: counts, turnout, the board and a round's codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.runtime import current_settings
from ballots.box.codes import voter_key_for_code, voter_key_for_person
from ballots.box.rules import ballot_from_json
from ballots.box.tables import Ballot as BallotRow
from ballots.box.tables import BoxKey, CodePerson, Participation, SealedBallot, VotingCode
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
    """Active ballots of a round, sealed (before the opening) or plain (after it)."""
    plain = await BallotRow.count().where(
        (BallotRow.round == round_id) & (BallotRow.status == "active")
    )
    sealed = await SealedBallot.count().where(
        (SealedBallot.round == round_id) & (SealedBallot.status == "active")
    )
    return int(plain) + int(sealed)


async def sealed_hashes(round_id: int, limit: int, offset: int, search: str = "") -> list[str]:
    """Hashes of the round's active sealed ballots in hash order (the board during voting)."""
    query = SealedBallot.select(SealedBallot.sealed_hash).where(
        (SealedBallot.round == round_id) & (SealedBallot.status == "active")
    )
    if search:
        query = query.where(SealedBallot.sealed_hash == search)
    rows = await query.order_by(SealedBallot.sealed_hash).limit(limit).offset(offset)
    return [str(r["sealed_hash"]) for r in rows]


async def used_voter_keys(round_id: int) -> set[str]:
    """The voter keys that took part in a round (a code is used when its key is here)."""
    rows = await Participation.select(Participation.voter_key).where(
        Participation.round == round_id
    )
    return {str(r["voter_key"]) for r in rows}


async def code_voter_key(code_hash: str) -> str:
    """A letter made from the register votes as its person (one vote across every channel)."""
    person = await (
        CodePerson.select(CodePerson.person_key).where(CodePerson.code.code_hash == code_hash)
    ).first()
    if person is not None:
        return voter_key_for_person(current_settings().secret_key, str(person["person_key"]))
    return voter_key_for_code(current_settings().secret_key, code_hash)


async def code_used(round_id: int, code_hash: str) -> bool:
    """Whether a code was used to vote: its voter key took part (the one-vote index)."""
    key = await code_voter_key(code_hash)
    return bool(
        await Participation.exists().where(
            (Participation.round == round_id) & (Participation.voter_key == key)
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
    """A round's voting codes for staff: id, address, buurt and status (never the code).

    A code is `used` when its voter key took part: a cast never writes the code's row.
    """
    rows: list[dict[str, Any]] = await (
        VotingCode.select(
            VotingCode.id,
            VotingCode.postcode,
            VotingCode.house_number,
            VotingCode.name,
            VotingCode.buurt_code,
            VotingCode.status,
            VotingCode.code_hash,
        )
        .where(VotingCode.round == round_id)
        .order_by(VotingCode.id)
    )
    voted = await used_voter_keys(round_id)
    secret = current_settings().secret_key
    for row in rows:
        key = voter_key_for_code(secret, str(row.pop("code_hash")))
        if row["status"] == "issued" and key in voted:
            row["status"] = "used"
    return rows


async def box_unopened(round_id: int) -> bool:
    """Whether the round's sealed ballots still wait for the certifiers' shares."""
    return bool(
        await BoxKey.exists().where((BoxKey.round == round_id) & (BoxKey.status != "opened"))
    )


async def sealed_list(round_id: int) -> tuple[list[str], str]:
    """The opened box's sealed-ballot hashes and the SHA-256 of that list ('' before opening)."""
    row = await (
        BoxKey.select(BoxKey.sealed_list, BoxKey.sealed_list_sha256)
        .where((BoxKey.round == round_id) & (BoxKey.status == "opened"))
        .first()
    )
    if row is None:
        return [], ""
    return str(row["sealed_list"]).split(), str(row["sealed_list_sha256"])


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
