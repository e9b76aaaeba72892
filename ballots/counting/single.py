"""Single decisions: a yes/no question with an optional quorum, and instant-runoff."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class YesNoOutcome:
    """The outcome of a yes/no question and why."""

    accepted: bool
    yes: int
    no: int
    reason: str


def yes_no(
    yes: int, no: int, electorate: int, quorum: int | None = None, quorum_on: str = "turnout"
) -> YesNoOutcome:
    """Accept when yes beats no and the quorum (on turnout or on yes-votes) is met."""
    if quorum_on not in ("turnout", "yes"):
        raise ValueError(f"quorum is on 'turnout' or 'yes', not {quorum_on!r}")
    counted = yes + no if quorum_on == "turnout" else yes
    if quorum is not None and counted < quorum:
        return YesNoOutcome(
            False,
            yes,
            no,
            f"quorum not met: {counted} of {quorum} needed ({quorum_on}), electorate {electorate}",
        )
    if yes > no:
        return YesNoOutcome(True, yes, no, f"accepted: {yes} yes against {no} no")
    return YesNoOutcome(False, yes, no, f"rejected: {yes} yes against {no} no")


def instant_runoff(
    rankings: list[tuple[str, ...]], options: tuple[str, ...], order: tuple[str, ...]
) -> tuple[str | None, list[dict[str, int]]]:
    """Eliminate the option with fewest first choices until one has a majority.

    Ties for elimination go against the option latest in `order` (the tie order).
    Returns the winner (None when no ballots rank anything) and the count of every round.
    """
    alive, rounds = list(options), []
    while alive:
        tally = Counter({o: 0 for o in alive})
        for ranking in rankings:
            top = next((o for o in ranking if o in tally), None)
            if top is not None:
                tally[top] += 1
        rounds.append(dict(tally))
        total = sum(tally.values())
        if total == 0:
            return None, rounds
        leader = max(alive, key=lambda o: (tally[o], -order.index(o)))
        if 2 * tally[leader] > total or len(alive) == 1:
            return leader, rounds
        alive.remove(min(alive, key=lambda o: (tally[o], -order.index(o))))
    return None, rounds
