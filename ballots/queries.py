"""Read-only questions about a round's ballot list, for the ballot pages and the voting module."""

from __future__ import annotations

import json
from typing import Any

from ballots.tables import BallotListConfirmation, BallotOption


async def ballot_options(round_id: int) -> list[dict[str, Any]]:
    """The confirmed ballot options of a round in ballot order; empty before confirmation.

    Each option: id, proposal_id, project_key, title, summary, cost_cents, position. These
    are snapshots: they do not follow later edits of the proposals.
    """
    rows: list[dict[str, Any]] = await (
        BallotOption.select(
            BallotOption.id,
            BallotOption.proposal_id,
            BallotOption.project_key,
            BallotOption.title,
            BallotOption.summary,
            BallotOption.cost_cents,
            BallotOption.position,
        )
        .where(BallotOption.round == round_id)
        .order_by(BallotOption.position)
    )
    return rows


async def confirmation(round_id: int) -> dict[str, Any] | None:
    """Who confirmed a round's ballot list, when, and the hand changes; None before."""
    row = await (
        BallotListConfirmation.select(
            BallotListConfirmation.confirmed_by,
            BallotListConfirmation.changes,
            BallotListConfirmation.confirmed_at,
        )
        .where(BallotListConfirmation.round == round_id)
        .first()
    )
    if row is None:
        return None
    return {**row, "changes": json.loads(row["changes"] or "[]")}


async def phase_facts(round_id: int) -> dict[str, bool]:
    """Whether the round has a confirmed ballot list with at least one option (voting needs it)."""
    confirmed = await BallotListConfirmation.exists().where(
        BallotListConfirmation.round == round_id
    )
    options = await BallotOption.count().where(BallotOption.round == round_id)
    return {"ballot_confirmed": bool(confirmed) and int(options) > 0}


async def options_of_rounds(round_ids: list[int]) -> dict[tuple[int, str], dict[str, Any]]:
    """Ballot options of several rounds by (round id, project key): proposal, title, cost."""
    if not round_ids:
        return {}
    rows = await BallotOption.select(
        BallotOption.round,
        BallotOption.project_key,
        BallotOption.proposal_id,
        BallotOption.title,
        BallotOption.cost_cents,
    ).where(BallotOption.round.is_in(sorted(round_ids)))
    return {(int(o["round"]), str(o["project_key"])): o for o in rows}
