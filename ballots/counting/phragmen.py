"""Sequential Phragmén for approval ballots, exact, as pabutools' sequential_phragmen."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ballots.counting.mes_core import TOLERANCE
from ballots.counting.prepare import CountingError, Tally
from ballots.counting.result import ProjectReport, Result, Tie


def _loads(tally: Tally, last: np.ndarray, loads: list[Fraction], p: int) -> Fraction:
    """Exact total load of p's supporters: voters carry the load of the last round they joined."""
    supporters = tally.points[:, p] > 0
    total = Fraction(0)
    rounds = last[supporters]
    weights = tally.weights[supporters]
    for r in np.unique(rounds[rounds >= 0]).tolist():
        total += loads[r] * int(weights[rounds == r].sum())
    return total


def phragmen(tally: Tally, names: dict[str, str], approval: bool) -> Result:
    """Count by sequential Phragmén: buy the project whose supporters' maximal load is lowest.

    Stops as soon as a project with the lowest new load (ties included) no longer fits.
    """
    if not approval:
        raise CountingError("phragmen counts approval ballots only")
    n = len(tally.ids)
    approvals = (
        [int(v) for v in tally.weights @ (tally.points > 0)] if len(tally.weights) else [0] * n
    )
    remaining = [p for p in range(n) if tally.costs[p] <= tally.budget]
    last = np.full(len(tally.weights), -1, dtype=np.int64)
    loads: list[Fraction] = []
    load_f = np.zeros(len(tally.weights))
    funded: list[int] = []
    ties: list[Tie] = []
    cost, stop_reason = 0, {}
    while remaining:
        scored = [p for p in remaining if approvals[p] > 0]
        if scored:
            support = tally.points[:, scored] > 0
            estimate = (
                (tally.weights * load_f) @ support + np.array([tally.costs[p] for p in scored])
            ) / np.array([approvals[p] for p in scored])
            best = float(estimate.min())
            close = [
                p
                for p, e in zip(scored, estimate.tolist(), strict=True)
                if e <= best * (1 + TOLERANCE)
            ]
            exact = {
                p: (_loads(tally, last, loads, p) + tally.costs[p]) / approvals[p] for p in close
            }
            low = min(exact.values())
            tied = sorted((p for p in close if exact[p] == low), key=lambda p: tally.rank[p])
        else:
            low, tied = None, sorted(remaining, key=lambda p: tally.rank[p])
        if any(cost + tally.costs[p] > tally.budget for p in tied):
            for p in remaining:
                stop_reason[p] = "counting stopped: a project with the lowest load no longer fit"
            break
        chosen = tied[0]
        if len(tied) > 1:
            ties.append(Tie(len(funded) + 1, tuple(tally.ids[p] for p in tied), tally.ids[chosen]))
        if low is not None:
            supporters = tally.points[:, chosen] > 0
            last[supporters] = len(loads)
            loads.append(low)
            load_f[supporters] = float(low)
        funded.append(chosen)
        cost += tally.costs[chosen]
        remaining.remove(chosen)
    position = {p: at for at, p in enumerate(funded, start=1)}
    reports = tuple(
        ProjectReport(
            tally.ids[p],
            names.get(tally.ids[p], ""),
            tally.money(tally.costs[p]),
            tally.scores[p],
            approvals[p],
            p in position,
            position.get(p),
            f"funded in round {position[p]}"
            if p in position
            else stop_reason.get(p, "costs more than the whole budget"),
        )
        for p in range(n)
    )
    return Result(
        "phragmen",
        {"tie_break": tally.tie_break},
        tally.money(tally.budget),
        tuple(tally.ids[p] for p in funded),
        tally.money(cost),
        tuple(ties),
        reports,
    )
