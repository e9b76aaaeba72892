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

import numpy as np

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


def _predict(early: MesRun, late: MesRun, gap: int) -> int | None:
    """Guess how many steps past `late` its decisions still hold (None: no guess).

    `early` and `late` are runs `gap` steps apart with the same certificate, so every
    recorded margin is affine in the share between them: extrapolate each falling margin to
    zero and take the nearest. This is only a guess; certificates decide.
    """
    before, after = early.margin_vector(), late.margin_vector()
    if len(before) != len(after) or len(after) == 0:
        return None
    fall = (before - after) / gap
    scale = np.maximum(np.abs(before), np.abs(after))
    falling = fall * gap > 1e-9 * scale + 1e-300
    if not falling.any():
        return None
    steps = float(np.min(after[falling] / fall[falling]))
    return max(int(np.floor(steps * (1 - 1e-9))), 0)


def _search(
    share_at: Callable[[int], Fraction], data: MesData, start: int, first: MesRun
) -> tuple[int, MesRun, MesRun, int]:
    """Find the first step after `start` whose decisions differ.

    Probes forward, jumping as far as the margins of two equal runs predict (doubling when
    there is no prediction), then bisects back. Runs with the same certificate enclose only
    runs with that certificate, so the answer is exactly the first differing step.
    Returns that step, its run, the last run with equal decisions, and the runs used.
    """
    runs, low, low_run, jump, gallop, misses, ahead = 0, start, first, 1, 1, 0, None
    while True:
        probe = _run(data, share_at(low + jump))
        runs += 1
        if probe.certificate != first.certificate:
            high, high_run = low + jump, probe
            break
        misses += ahead == 0
        low, low_run = low + jump, probe
        ahead = _predict(first, probe, low - start)
        gallop *= 2
        jump = gallop if ahead is None or misses > 1 else max(ahead, 1)
    while high - low > 1:
        mid = (low + high) // 2
        probe = _run(data, share_at(mid))
        runs += 1
        if probe.certificate == first.certificate:
            low, low_run = mid, probe
        else:
            high, high_run = mid, probe
    return high, high_run, low_run, runs


def _run(data: MesData, share: Fraction) -> MesRun:
    return MesRun(data, share, track=True).run()


def add1(data: MesData, start: Fraction, unit: int, exhaustive_stop: bool = True) -> Add1Outcome:
    """Return the Add1 outcome: the share rises by `unit` (scaled money) per step.

    Stops at the first exhaustive outcome (when exhaustive_stop), and otherwise goes on
    while the outcome stays within the budget; an outcome that overspends is never used:
    the one before it is returned (no projects at all if the very first overspends).
    """

    def share_at(step: int) -> Fraction:
        return start + step * unit

    step, current, runs = 0, _run(data, start), 1
    previous: MesRun | None = None
    while True:
        if _cost(data, current) > data.tally.budget:
            return Add1Outcome(previous, share_at(step - 1), step, runs)
        everything = len(current.selected) == len(data.candidates)
        if everything or (exhaustive_stop and exhaustive(data, current)):
            return Add1Outcome(current, share_at(step), step, runs)
        step, nxt, previous, used = _search(share_at, data, step, current)
        current, runs = nxt, runs + used
