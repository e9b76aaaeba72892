"""Method of Equal Shares rules: plain MES and MES with Add1 completion and its options."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ballots.counting.add1 import Add1Outcome, add1
from ballots.counting.greedy import greedy_order
from ballots.counting.mes_core import MesData, MesRun
from ballots.counting.prepare import Tally
from ballots.counting.result import Parameter, ProjectReport, Result, Tie

COMPARISONS = ("satisfaction", "exclusion-ratio")


def _reports(
    tally: Tally, names: dict[str, str], run: MesRun | None, funded: list[int], note: dict[int, str]
) -> tuple[ProjectReport, ...]:
    position = {p: at for at, p in enumerate(funded, start=1)}
    reports = []
    for p, pid in enumerate(tally.ids):
        cost = tally.costs[p]
        can_pay = (
            run.exact_sum(run.data.supporters[p])
            if run and p in run.data.supporters
            else Fraction(0)
        )
        support = min(can_pay, Fraction(cost)) / cost if cost and p not in position else Fraction(1)
        if p in note:
            reason = note[p]
        elif p in position:
            reason = f"funded in round {position[p]}"
        elif tally.scores[p] == 0:
            reason = "nobody voted for it"
        else:
            paid, price = tally.money(can_pay), tally.money(cost)
            reason = f"its supporters could still pay {paid} of its cost {price}"
        reports.append(
            ProjectReport(
                pid,
                names.get(pid, ""),
                tally.money(cost),
                tally.scores[p],
                support.numerator if support.denominator == 1 else support,
                p in position,
                position.get(p),
                reason,
            )
        )
    return tuple(reports)


def _ties(tally: Tally, run: MesRun | None) -> tuple[Tie, ...]:
    if run is None:
        return ()
    out = []
    for group in run.ties:
        at = run.selected.index(group[0]) + 1
        out.append(Tie(at, tuple(tally.ids[p] for p in group), tally.ids[group[0]]))
    return tuple(out)


def _fill_greedily(tally: Tally, funded: list[int]) -> list[int]:
    left = tally.budget - sum(tally.costs[p] for p in funded)
    extra = []
    for p in greedy_order(tally):
        if p not in funded and tally.costs[p] <= left:
            extra.append(p)
            left -= tally.costs[p]
    return extra


def _prefers(tally: Tally, mine: list[int], other: list[int], mode: str) -> bool:
    """True when more voters prefer `other` (satisfaction), or `other` excludes fewer voters."""
    utility = tally.points * np.array(tally.costs, dtype=np.int64)
    a = utility[:, mine].sum(axis=1) if mine else np.zeros(len(tally.weights), dtype=np.int64)
    b = utility[:, other].sum(axis=1) if other else np.zeros(len(tally.weights), dtype=np.int64)
    if mode == "satisfaction":
        return int(tally.weights[b > a].sum()) > int(tally.weights[a > b].sum())
    return int(tally.weights[b == 0].sum()) < int(tally.weights[a == 0].sum())


def mes(tally: Tally, names: dict[str, str]) -> Result:
    """Count by MES with cost utilities and no completion."""
    data = MesData.build(tally)
    run = MesRun(data, Fraction(tally.budget, max(tally.voters, 1))).run() if tally.voters else None
    funded = [*data.free, *(run.selected if run else [])]
    return _result(tally, names, "mes", {"tie_break": tally.tie_break}, run, funded, {}, ())


def mes_add1(
    tally: Tally,
    names: dict[str, str],
    exhaustive_stop: bool = True,
    integral_start: bool = False,
    then_greedy: bool = False,
    comparison: str | None = None,
    exact: bool = False,
) -> Result:
    """Count by MES with Add1 completion and the chosen options (see docs/counting.md)."""
    params: dict[str, Parameter] = {
        "tie_break": tally.tie_break,
        "exhaustive_stop": exhaustive_stop,
        "integral_start": integral_start,
        "then_greedy": then_greedy,
        "comparison": comparison,
        "exact": exact,
    }
    data = MesData.build(tally)
    outcome = _add1(tally, data, integral_start, exhaustive_stop, exact)
    run = outcome.run if outcome else None
    funded = [*data.free, *(run.selected if run else [])]
    note: dict[int, str] = {}
    if then_greedy:
        for p in _fill_greedily(tally, funded):
            funded.append(p)
            note[p] = "funded by greedy completion after MES"
    notes: tuple[str, ...] = (
        (
            f"Add1 settled at a share of {tally.money(outcome.share)} per voter "
            f"after {outcome.steps} steps",
        )
        if outcome
        else ()
    )
    if outcome and outcome.recounted_exactly:
        notes += ("a fast run disagreed with the exact one, so Add1 was counted exactly",)
    if comparison is not None:
        greedy_funded, _ = _greedy_plain(tally)
        if _prefers(tally, funded, greedy_funded, comparison):
            notes += (
                f"comparison ({comparison}): voters preferred greedy, so greedy is published",
            )
            funded, run, note = (
                greedy_funded,
                None,
                dict.fromkeys(greedy_funded, "funded by greedy (comparison)"),
            )
        else:
            notes += (f"comparison ({comparison}): greedy was not preferred, MES stands",)
    return _result(tally, names, "mes-add1", params, run, funded, note, notes)


def _greedy_plain(tally: Tally) -> tuple[list[int], None]:
    return _fill_greedily(tally, []), None


def _add1(
    tally: Tally, data: MesData, integral_start: bool, exhaustive_stop: bool, exact: bool
) -> Add1Outcome | None:
    if not tally.voters:
        return None
    start = Fraction(tally.budget, tally.voters)
    if integral_start:
        start = Fraction((start / tally.scale).__floor__() * tally.scale)
    return add1(data, start, tally.scale, exhaustive_stop, exact)


def _result(
    tally: Tally,
    names: dict[str, str],
    rule: str,
    params: dict[str, Parameter],
    run: MesRun | None,
    funded: list[int],
    note: dict[int, str],
    notes: tuple[str, ...],
) -> Result:
    return Result(
        rule,
        params,
        tally.money(tally.budget),
        tuple(tally.ids[p] for p in funded),
        tally.money(sum(tally.costs[p] for p in funded)),
        _ties(tally, run),
        _reports(tally, names, run, funded, note),
        notes,
    )
