"""Add1 completion of MES: raise every voter's share one currency unit at a time, with jumps.

A run of MES at share beta makes a finite list of decisions (which projects it looked at,
whose budgets ran out, which project won each round). Given those decisions every amount in
the run is an affine function of beta, and each decision is a linear inequality in beta, so
the shares at which a run makes exactly the same decisions form an interval. Two steps whose
runs record the same decisions therefore enclose only steps with that same outcome, and the
steps between them can be skipped. The search gallops forward and bisects back to the first
step whose decisions differ, so the result is exactly that of stepping one unit at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ballots.counting.mes_core import MesData, MesRun


@dataclass(frozen=True)
class Add1Outcome:
    """The run Add1 settled on, the share it used and how much work it took."""

    run: MesRun | None
    share: Fraction
    steps: int
    runs: int


def _cost(data: MesData, run: MesRun) -> int:
    return sum(data.tally.costs[p] for p in run.selected)


def exhaustive(data: MesData, run: MesRun) -> bool:
    """True when no supported project outside the run's selection still fits the budget."""
    left = data.tally.budget - _cost(data, run)
    chosen = set(run.selected)
    return all(data.tally.costs[p] > left for p in data.candidates if p not in chosen)


def _search(
    share_at: Callable[[int], Fraction], data: MesData, start: int, first: MesRun
) -> tuple[int, MesRun, MesRun, int]:
    """Find the first step after `start` whose decisions differ.

    Returns that step, its run, the last run with equal decisions, and the runs used.
    """
    runs, low, low_run, jump = 0, start, first, 1
    while True:
        probe = MesRun(data, share_at(low + jump)).run()
        runs += 1
        if probe.certificate != first.certificate:
            high, high_run = low + jump, probe
            break
        low, low_run, jump = low + jump, probe, jump * 2
    while high - low > 1:
        mid = (low + high) // 2
        probe = MesRun(data, share_at(mid)).run()
        runs += 1
        if probe.certificate == first.certificate:
            low, low_run = mid, probe
        else:
            high, high_run = mid, probe
    return high, high_run, low_run, runs


def add1(data: MesData, start: Fraction, unit: int, exhaustive_stop: bool = True) -> Add1Outcome:
    """Return the Add1 outcome: the share rises by `unit` (scaled money) per step.

    Stops at the first exhaustive outcome (when exhaustive_stop), and otherwise goes on
    while the outcome stays within the budget; an outcome that overspends is never used:
    the one before it is returned (no projects at all if the very first overspends).
    """

    def share_at(step: int) -> Fraction:
        return start + step * unit

    step, current, runs = 0, MesRun(data, start).run(), 1
    previous: MesRun | None = None
    while True:
        if _cost(data, current) > data.tally.budget:
            return Add1Outcome(previous, share_at(step - 1), step, runs)
        everything = len(current.selected) == len(data.candidates)
        if everything or (exhaustive_stop and exhaustive(data, current)):
            return Add1Outcome(current, share_at(step), step, runs)
        step, nxt, previous, used = _search(share_at, data, step, current)
        current, runs = nxt, runs + used
