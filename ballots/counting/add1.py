"""Add1 completion of MES: raise every voter's share one currency unit at a time, with jumps.

Why steps can be skipped. Fix a sequence of winners. While MES follows it, every voter's
budget only grows with the share beta (it starts at beta, and after each round becomes
max(0, budget - price x utility), where the price only falls when budgets grow), so every
project's price in every round only falls as beta grows, and a supporter who is rich (pays
price x utility) at some share stays rich at every larger one. Take two shares a < b whose
runs pick the same winners. By induction over the rounds, every share between a and b picks
the same winners if, in every round of the run at b, every other project either cannot be
afforded at b, or costs more at b than the winner cost at a, or leads the winner at b by
more than the gap between them could have closed over [a, b]. The last test bounds the
slope of each price (mes_float.FloatRun): it is what lets one run certify a long stretch of
shares right up to the share where a rival overtakes.

Add1 runs the next step directly while outcomes keep changing within a few steps (no
certificate needed); otherwise it gallops forward with certified hops (certified ranges
chain). A hop whose certificate fails still plays its run to the end, so it tells the outcome
at its step: where that differs, the change lies before it, and the search aims at the step
where the prices of the first round that differs cross (linear between the two runs; after
three probes in a row that each left more than half the bracket, one bisection); where it
is the same, only the certificate fell short, and the next hop is halved. Every step it
skips has the outcome of a step it checked, so none of them can be the step where Add1
stops, and the result is exactly that of stepping one unit at a time. Runs are float runs
(mes_float) that are redone exactly whenever a choice is too close to call, and the run Add1
settles on is always confirmed by the exact run (mes_core), which also gives the
explanations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from ballots.counting.mes_core import MesData, MesRun
from ballots.counting.mes_float import FloatData, FloatRun, Reference
from ballots.counting.mes_jit import JitData, JitRun, available, plain_run, probe_run


@dataclass(frozen=True)
class Add1Outcome:
    """The run Add1 settled on, the share it used and how much work it took."""

    run: MesRun | None
    share: Fraction
    steps: int
    runs: int
    recounted_exactly: bool = False


class FloatDisagreement(Exception):
    """A float run picked other winners than the exact run at the same share."""


def exhaustive(data: MesData, run: MesRun) -> bool:
    """True when no supported project outside the run's selection still fits the budget."""
    return _exhaustive(data, run.selected)


@dataclass(frozen=True)
class Outcome:
    """Winners of a run (in order) and what later runs are certified against."""

    share: Fraction
    selected: list[int]
    reference: Reference
    exact: MesRun | None
    runner_up: tuple[list[int], list[float]] | None = None  # per round, from compiled runs


def _float(share: Fraction, run: FloatRun | JitRun) -> Outcome:
    packed = run.packed if isinstance(run, JitRun) else None
    reference = Reference(run.beta, run.alphas, run.poor, run.floors, run.selected, packed)
    up = None
    if isinstance(run, JitRun) and run.runner_up is not None and run.runner_up_alpha is not None:
        up = (run.runner_up, run.runner_up_alpha)
    return Outcome(share, run.selected, reference, None, up)


def _guess(low: int, below: Outcome, high: int, above: Outcome) -> int | None:
    """Where between steps low and high the outcome most likely changes: the last step
    before the runner-up of the first round that differs overtakes (the gap between the two
    prices taken as linear in the share between the two runs), or None when the runs do not
    show it (only a guess: the search checks every step it relies on)."""
    if below.runner_up is None or above.runner_up is None:
        return None
    pairs = enumerate(zip(below.selected, above.selected, strict=False))
    t = next((t for t, (p, q) in pairs if p != q), None)
    if t is None:
        return None
    winner, rival = below.selected[t], above.selected[t]
    if below.runner_up[0][t] != rival or above.runner_up[0][t] != winner:
        return None
    lead = below.runner_up[1][t] - below.reference.alphas[t]  # the rival's, at low
    behind = above.runner_up[1][t] - above.reference.alphas[t]  # the winner's, at high
    if not (lead >= 0 and behind > 0):
        return None
    return low + int((high - low) * lead / (lead + behind))


def _exact_outcome(run: MesRun) -> Outcome:
    costs, total = run.data.tally.costs, run.data.total
    floors = [
        a == Fraction(costs[p], total[p]) for p, a in zip(run.selected, run.alphas, strict=True)
    ]
    alphas = [float(a) for a in run.alphas]
    reference = Reference(float(run.beta), alphas, run.poor_sets, floors, run.selected)
    return Outcome(run.beta, run.selected, reference, run)


@dataclass(frozen=True)
class Runner:
    """Runs MES for Add1: float runs with exact fallback, or (`exact`) exact runs only.

    Plain float runs (no certificate) are the compiled ones of mes_jit when Numba is there
    (`jit`); they make the same choices as FloatRun and end doubtful where it would.
    """

    data: MesData
    fd: FloatData
    exact: bool
    jit: JitData | None = None

    def run(self, share: Fraction, base: Outcome | None = None) -> Outcome:
        """The outcome at `share` (exact when floats could not call it)."""
        if not self.exact:
            hint = base.selected if base else None
            fast = plain_run(self.jit, float(share), hint) if self.jit else None
            if fast is not None and not fast.unsettled:
                if not fast.doubtful:
                    return _float(share, fast)
                return _exact_outcome(MesRun(self.data, share).run())
            run = FloatRun(self.fd, float(share), hint=hint).run()
            if not run.doubtful:
                return _float(share, run)
        return _exact_outcome(MesRun(self.data, share).run())

    def probe(self, share: Fraction, base: Outcome) -> Probe:
        """Whether every share from `base`'s up to `share` is certified to have its outcome.

        A float run checks the certificate round by round; where it fails, the compiled run
        plays on as a plain run, so the answer also says what the outcome at `share` is (None
        when that is not known: the run doubted after its certificate failed, or FloatRun
        stopped there). When a choice is too close to call in floats while the certificate
        still holds, and in exact mode, the exact run checks the same certificate with exact
        prices (mes_core.MesRun).
        """
        if not self.exact:
            fast = None
            if self.jit is not None:
                fast = probe_run(self.jit, float(share), base.reference, base.selected, True)
            if fast is not None and not fast.unsettled:
                if not fast.doubtful:
                    same = fast.certified and fast.selected == base.selected
                    return Probe(same, _float(share, fast))
                if not fast.certified:
                    return Probe(False, None)
            else:
                run = FloatRun(self.fd, float(share), base.reference, base.selected).run(
                    until_uncertified=True
                )
                if run.finished and run.certified and run.selected == base.selected:
                    return Probe(True, _float(share, run))
                if not run.doubtful:
                    return Probe(False, None)
        anchor = base.exact or _exact(self.data, base.share, base)
        exact = MesRun(
            self.data,
            share,
            reference=tuple(anchor.alphas),
            reference_poor=anchor.poor_sets,
            reference_beta=anchor.beta,
        ).run()
        same = exact.certified and exact.selected == base.selected
        return Probe(same, _exact_outcome(exact))


@dataclass(frozen=True)
class Probe:
    """A probe's answer: is its stretch certified, and the outcome at its share if known."""

    certified: bool
    outcome: Outcome | None


STEPS_FIRST = 8
STRIKES = 3  # guesses in a row that leave more than half the bracket before one bisection


def _search(
    share_at: Callable[[int], Fraction],
    runner: Runner,
    start: int,
    first: Outcome,
    last: int,
) -> tuple[int, Outcome, Outcome, int, int]:
    """Find the first step after `start` whose outcome differs from `first`'s.

    The next step needs no certificate: it is simply run (when the last search ended within
    a few steps, `last`, up to STEPS_FIRST steps are run this way, the cheapest then).
    Otherwise the search gallops: each hop is certified against the run where it starts
    (certified ranges chain) and doubles the next. A hop that fails tells the outcome at
    its end: when that differs, the search narrows the bracket between the last certified
    step and it, at the step `_guess` names (or at its middle, when there is no guess or
    three probes in a row each left more than half of it); when it is the same, only the
    certificate fell short, and the next hop is halved (from a nearer start a certificate
    reaches further, so a hop past that step may hold later).
    Returns the step, its run, the run of the step before it, the runs used and the number
    of steps covered.
    """
    runs, low, low_run = 0, start, first
    high: tuple[int, Outcome] | None = None  # the first step known to differ, and its run
    patience, jump = (STEPS_FIRST, 2) if last < 2 * STEPS_FIRST else (1, max(2, last // 4))
    wide = 0  # probes in a row that left more than half the bracket (three: bisect once)
    while True:
        if high is not None and high[0] == low + 1:
            return high[0], high[1], low_run, runs, high[0] - start
        target = low + 1 if low - start < patience else low + jump
        span = 0 if high is None else high[0] - low
        if high is not None:
            guess = None if wide >= STRIKES else _guess(low, low_run, high[0], high[1])
            aim = (low + high[0] + 1) // 2 if guess is None else max(low + 1, guess)
            target = min(target, aim, high[0] - 1)
        if target == low + 1:
            at = runner.run(share_at(low + 1), low_run)
            runs += 1
            if at.selected != first.selected:
                return low + 1, at, low_run, runs, low + 1 - start
            low, low_run = low + 1, at
            continue
        probe = runner.probe(share_at(target), low_run)
        runs += 1
        if probe.certified and probe.outcome is not None:
            low, low_run, jump = target, probe.outcome, jump * 2
        elif probe.outcome is not None and probe.outcome.selected != first.selected:
            high = (target, probe.outcome)
        else:
            jump = max(1, (target - low) // 2)
        if high is not None and span:
            wide = 0 if wide >= STRIKES or 2 * (high[0] - low) <= span else wide + 1


def _cost_of(data: MesData, selected: list[int]) -> int:
    return sum(data.tally.costs[p] for p in selected)


def _exhaustive(data: MesData, selected: list[int]) -> bool:
    left, chosen = data.tally.budget - _cost_of(data, selected), set(selected)
    return all(data.tally.costs[p] > left for p in data.candidates if p not in chosen)


def _exact(data: MesData, share: Fraction, outcome: Outcome) -> MesRun:
    run = outcome.exact or MesRun(data, share).run()
    if run.selected != outcome.selected:
        raise FloatDisagreement(f"at share {share}")
    return run


def add1(
    data: MesData, start: Fraction, unit: int, exhaustive_stop: bool = True, exact: bool = False
) -> Add1Outcome:
    """Return the Add1 outcome: the share rises by `unit` (scaled money) per step.

    With `exact`, every MES run is the exact one (slower; no float run decides anything).
    Should a float run ever disagree with the exact run where both are compared, the whole
    count is redone with exact runs only (`recounted_exactly`).

    Stops at the first exhaustive outcome (when exhaustive_stop), and otherwise goes on
    while the outcome stays within the budget; an outcome that overspends is never used:
    the one before it is returned (no projects at all if the very first overspends).
    """
    fd = FloatData(data)
    jit = JitData(fd) if not exact and available() else None
    try:
        return _walk(Runner(data, fd, exact, jit), start, unit, exhaustive_stop)
    except FloatDisagreement:
        if exact:
            raise
    outcome = _walk(Runner(data, FloatData(data), True), start, unit, exhaustive_stop)
    return replace(outcome, recounted_exactly=True)


def _walk(runner: Runner, start: Fraction, unit: int, exhaustive_stop: bool) -> Add1Outcome:
    data = runner.data

    def share_at(step: int) -> Fraction:
        return start + step * unit

    step, current, runs, last = 0, runner.run(start), 1, 1
    previous: Outcome | None = None
    while True:
        if _cost_of(data, current.selected) > data.tally.budget:
            if previous is None:
                return Add1Outcome(None, share_at(step - 1), step, runs)
            return Add1Outcome(
                _exact(data, share_at(step - 1), previous), share_at(step - 1), step, runs
            )
        everything = len(current.selected) == len(data.candidates)
        if everything or (exhaustive_stop and _exhaustive(data, current.selected)):
            return Add1Outcome(_exact(data, share_at(step), current), share_at(step), step, runs)
        step, current, previous, used, last = _search(share_at, runner, step, current, last)
        runs += used
