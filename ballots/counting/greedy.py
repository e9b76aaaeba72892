"""Greedy rules: most points first, with skipping, without skipping, or above a threshold."""

from __future__ import annotations

from ballots.counting.prepare import Tally
from ballots.counting.result import ProjectReport, Result, Tie


def greedy_order(tally: Tally) -> list[int]:
    """Projects by descending score, the tie order deciding equal scores."""
    return sorted(range(len(tally.ids)), key=lambda p: (-tally.scores[p], tally.rank[p]))


def greedy_selection(
    tally: Tally, skip: bool = True, threshold: int | None = None
) -> tuple[list[int], dict[int, str]]:
    """Return the funded projects in order and a reason for every project."""
    left, funded, reasons, stopped = tally.budget, [], {}, False
    for p in greedy_order(tally):
        cost, money = tally.costs[p], tally.money(left)
        if threshold is not None and tally.scores[p] < threshold:
            reasons[p] = f"score {tally.scores[p]} is below the threshold {threshold}"
        elif stopped:
            reasons[p] = "counting stopped at the first project that did not fit"
        elif cost <= left:
            funded.append(p)
            left -= cost
            reasons[p] = f"funded: {money} was left when it was reached"
        else:
            reasons[p] = f"did not fit: only {money} was left when it was reached"
            stopped = not skip
    return funded, reasons


def greedy_ties(tally: Tally, order: list[int]) -> tuple[Tie, ...]:
    """Groups of equal score (two or more) whose order the tie-break decided."""
    ties, at = [], 0
    while at < len(order):
        end = at
        while end + 1 < len(order) and tally.scores[order[end + 1]] == tally.scores[order[at]]:
            end += 1
        if end > at:
            group = tuple(tally.ids[p] for p in order[at : end + 1])
            ties.append(Tie(at + 1, group, group[0]))
        at = end + 1
    return tuple(ties)


def greedy(
    tally: Tally,
    names: dict[str, str],
    rule: str = "greedy",
    skip: bool = True,
    threshold: int | None = None,
) -> Result:
    """Count by greedy: fund by descending score while projects fit (skipping or stopping)."""
    funded, reasons = greedy_selection(tally, skip, threshold)
    position = {p: at for at, p in enumerate(funded, start=1)}
    reports = tuple(
        ProjectReport(
            tally.ids[p],
            names.get(tally.ids[p], ""),
            tally.money(tally.costs[p]),
            tally.scores[p],
            tally.scores[p],
            p in position,
            position.get(p),
            reasons[p],
        )
        for p in greedy_order(tally)
    )
    params: dict[str, str | int | bool | None] = {"tie_break": tally.tie_break, "skip": skip}
    if threshold is not None:
        params["threshold"] = threshold
    return Result(
        rule,
        params,
        tally.money(tally.budget),
        tuple(tally.ids[p] for p in funded),
        tally.money(sum(tally.costs[p] for p in funded)),
        greedy_ties(tally, greedy_order(tally)),
        reports,
    )
