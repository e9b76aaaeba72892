"""Test helpers for the sealed ballot box: a round key held by the tests, and opening it."""

from __future__ import annotations

# The shares of every round key made by the tests (what certifiers would keep), by round.
SHARES: dict[int, list[str]] = {}


async def box_key(round_id: int, threshold: int = 2, holders: int = 3) -> list[str]:
    """Make a round's key with the operator's ceremony; the tests keep the shares."""
    from ballots.box import keys

    made = await keys.hand_out(round_id, [None] * holders, threshold)
    assert made.value is not None, made
    SHARES[round_id] = made.value
    return made.value


async def open_box(round_id: int, positions: tuple[int, ...] = (0, 1)) -> int:
    """Open a round's box (in counting) with two of the tests' shares; the ballots opened."""
    from ballots.box import opening

    opened = await opening.open_box("test", round_id, [SHARES[round_id][i] for i in positions])
    assert opened.value is not None, opened
    return opened.value.ballots


async def peek(round_id: int) -> list[tuple[str, str]]:
    """(tracker, canonical choices) of the round's active sealed ballots, opened with the
    tests' shares without changing anything (what the box would yield), by tracker."""
    from ballots.box import sealing
    from ballots.box.tables import KeyShare, SealedBallot

    commitments = [
        str(r["commitment"])
        for r in await KeyShare.select(KeyShare.commitment).where(KeyShare.round == round_id)
    ]
    private = sealing.combine(round_id, SHARES[round_id][:2], commitments, 2)
    open_one = sealing.opener(private)
    rows = await SealedBallot.select(SealedBallot.sealed).where(
        (SealedBallot.round == round_id) & (SealedBallot.status == "active")
    )
    found = [open_one(str(r["sealed"])) for r in rows]
    return sorted((p.tracker, p.choices) for p in found)
