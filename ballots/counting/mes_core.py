"""One exact run of the Method of Equal Shares, with floats only to find candidates.

Voter types keep their budget as an exact formula: beta minus the sum, over the rounds they
paid in full, of alpha_t times their utility, or zero once they paid everything they had.
Floats mirror those budgets to find the few projects that can win a round; each winner and
each close call is then confirmed with integers. A float price is used only when its proven
error bound (`MesRun.trusted`) is a small part of TOLERANCE; otherwise it is computed exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np
import numpy.typing as npt

from ballots.counting.mes_data import MesData
from ballots.counting.prepare import IntArray
from ballots.counting.price import float_price
from ballots.counting.slopes import SlopeBounds

__all__ = ["TOLERANCE", "Evaluation", "MesData", "MesRun"]

FloatArray = npt.NDArray[np.float64]
TOLERANCE = 1e-9
UNIT = 2.0**-53


@dataclass
class Evaluation:
    """A project's price per unit of utility this round, and who among its supporters is poor."""

    project: int
    alpha_f: float
    poor: npt.NDArray[np.bool_]


@dataclass
class MesRun:
    """The state of one run of MES at a given per-voter budget beta (in scaled money)."""

    data: MesData
    beta: Fraction
    selected: list[int] = field(default_factory=list)
    alphas: list[Fraction] = field(default_factory=list)
    ties: list[tuple[int, ...]] = field(default_factory=list)
    reference: tuple[Fraction, ...] | None = None
    reference_poor: list[IntArray] | None = None
    reference_beta: Fraction | None = None

    def __post_init__(self) -> None:
        n_types = len(self.data.tally.weights)
        self.poor_sets: list[IntArray] = []
        self.bounds = None
        if self.reference_poor is not None and self.reference_beta is not None:
            width = float(self.beta - self.reference_beta)
            self.bounds = SlopeBounds(n_types, self.reference_poor, width)
        self.budget_f: FloatArray = np.full(n_types, float(self.beta))
        self.broken = np.zeros(n_types, dtype=bool)
        self.paid: npt.NDArray[Any] = np.zeros(
            (n_types, max(len(self.data.candidates), 1)), dtype=self.data.exact_dtype
        )
        self.denominator = self.beta.denominator
        self.numerators: list[int] = []
        self.stale = {
            p: self.data.tally.costs[p] / self.data.total[p] for p in self.data.candidates
        }
        self.remaining = set(self.data.candidates)
        self.reference_f = [float(a) for a in self.reference or ()]
        self.certified = self.reference is not None
        # a bound on |budget_f - exact budget| for every voter type (see `pay`)
        self.error = 2 * UNIT * float(self.beta)

    # exact budgets ---------------------------------------------------------------------
    def exact_sum(self, types: IntArray) -> Fraction:
        """Return the exact total budget left to these voter types (weights included)."""
        types = types[~self.broken[types]]
        if len(types) == 0:
            return Fraction(0)
        weights: npt.NDArray[Any] = self.data.tally.weights[types].astype(self.data.exact_dtype)
        rounds = len(self.alphas)
        spent = weights @ self.paid[types, :rounds] if rounds else []
        num = self.beta.numerator * (self.denominator // self.beta.denominator) * int(weights.sum())
        num -= sum(n * int(v) for n, v in zip(self.numerators, spent, strict=True))
        return Fraction(num, self.denominator)

    def exact_budget(self, voter_type: int) -> Fraction:
        """Return the exact budget one voter of this type has left."""
        weight = int(self.data.tally.weights[voter_type])
        return self.exact_sum(np.array([voter_type], dtype=np.int64)) / weight

    # one project -----------------------------------------------------------------------
    def affordable(self, p: int) -> bool:
        """Can the supporters of p still pay its cost together (decided exactly when close)?"""
        idx, cost = self.data.supporters[p], self.data.tally.costs[p]
        total_f = float(self.budget_f[idx] @ self.data.weighted[p])
        slack = self.data.weight_sum[p] * self.error + (len(idx) + 8) * UNIT * total_f
        if abs(total_f - cost) > TOLERANCE * cost and slack < TOLERANCE * cost / 4:
            return total_f > cost
        return self.exact_sum(idx) >= cost

    def trusted(self, ev: Evaluation) -> bool:
        """Is the float price provably within TOLERANCE / 4 of the exact price?

        Every float budget is within `self.error` of the exact one, so the amount the
        supporters can pay at any price is within weight x error (plus the rounding of the
        sum) of its float value; near the price it grows at least as fast as the utility of
        the supporters still rich at alpha x (1 + TOLERANCE), which bounds how far the
        exact root can be from the float one.
        """
        p, alpha = ev.project, ev.alpha_f
        idx = self.data.supporters[p]
        ratio = self.budget_f[idx] / self.data.utility_f[p]
        firm = float(self.data.weighted_util[p] @ (ratio >= alpha * (1 + TOLERANCE)))
        cost = float(self.data.tally.costs[p])
        slack = self.data.weight_sum[p] * self.error + (len(idx) + 8) * UNIT * cost
        return firm > 0 and slack / firm + 4e-15 * alpha < alpha * TOLERANCE / 4

    def evaluate(self, p: int) -> Evaluation:
        """Find (in floats) the price per utility at which p's supporters can pay for it."""
        idx, cost = self.data.supporters[p], float(self.data.tally.costs[p])
        ratio = self.budget_f[idx] / self.data.utility_f[p]
        alpha = float_price(ratio, self.data.weighted_util[p], cost, self.stale[p])
        return Evaluation(p, alpha, ratio < alpha)

    def exact_alpha(self, ev: Evaluation) -> Fraction:
        """Confirm an evaluation exactly and return the exact price per unit of utility."""
        p = ev.project
        idx, utility = self.data.supporters[p], self.data.utility[p]
        rich = ~ev.poor
        paid_poor = self.exact_sum(idx[ev.poor])
        weights: npt.NDArray[Any] = self.data.tally.weights[idx[rich]].astype(self.data.exact_dtype)
        rich_util = int(weights @ utility[rich])
        if rich_util != 0:
            alpha = (self.data.tally.costs[p] - paid_poor) / rich_util
            if self._consistent(ev, alpha):
                return alpha
        alpha = self._slow_alpha(p)
        ev.poor = self.exact_poor(p, alpha)
        return alpha

    def _consistent(self, ev: Evaluation, alpha: Fraction) -> bool:
        idx, utility = self.data.supporters[ev.project], self.data.utility[ev.project]
        if self.error >= TOLERANCE * float(alpha) * self.data.least_utility[ev.project] / 4:
            return False
        ratio = self.budget_f[idx] / self.data.utility_f[ev.project]
        near = np.nonzero(np.abs(ratio - float(alpha)) <= TOLERANCE * float(alpha))[0]
        for at in near.tolist():
            budget, price = self.exact_budget(int(idx[at])), alpha * int(utility[at])
            if (ev.poor[at] and budget > price) or (not ev.poor[at] and budget < price):
                return False
        return True

    def _slow_alpha(self, p: int) -> Fraction:
        idx, utility = self.data.supporters[p], self.data.utility[p]
        weights = self.data.tally.weights[idx]
        rows = sorted(
            (
                (self.exact_budget(int(t)), int(u), int(w))
                for t, u, w in zip(idx, utility, weights, strict=True)
            ),
            key=lambda row: row[0] / row[1],
        )
        left, rich_util = Fraction(self.data.tally.costs[p]), sum(u * w for _, u, w in rows)
        for budget, u, w in rows:
            alpha = left / rich_util
            if alpha * u <= budget:
                return alpha
            left -= budget * w
            rich_util -= u * w
        raise AssertionError("an affordable project always has a price")

    def exact_poor(self, p: int, alpha: Fraction) -> npt.NDArray[np.bool_]:
        """Which supporters of p cannot pay alpha x their utility, decided exactly."""
        idx, utility = self.data.supporters[p], self.data.utility[p]
        return np.array(
            [self.exact_budget(int(t)) < alpha * int(u) for t, u in zip(idx, utility, strict=True)],
            dtype=bool,
        )

    # rounds ----------------------------------------------------------------------------
    def pay(self, ev: Evaluation, alpha: Fraction) -> None:
        """Select the project: poor supporters pay all they have, the others alpha x utility."""
        p, at = ev.project, len(self.alphas)
        idx = self.data.supporters[p]
        surely, maybe = self._sure_and_maybe(ev, float(alpha))
        self.poor_sets.append(idx[maybe])
        if self.bounds is not None and self.certified:
            self.bounds.paid(self.data.sup[p], idx[surely], idx[maybe])
        poor, rich = idx[ev.poor], ~ev.poor
        self.broken[poor] = True
        self.budget_f[poor] = 0.0
        self.paid[idx[rich], at] = self.data.utility[p][rich]
        self.budget_f[idx[rich]] -= float(alpha) * self.data.utility_f[p][rich]
        # alpha x utility <= budget <= beta for payers: rounding adds at most 3 units of beta
        self.error += 3 * UNIT * float(self.beta)
        self.selected.append(p)
        self.alphas.append(alpha)
        self.remaining.discard(p)
        new_den = lcm(self.denominator, alpha.denominator)
        factor = new_den // self.denominator
        self.numerators = [n * factor for n in self.numerators]
        self.numerators.append(alpha.numerator * (new_den // alpha.denominator))
        self.denominator = new_den

    def round(self) -> bool:
        """Play one round; return False when no project can be bought any more."""
        at = len(self.alphas)
        bar = self.reference_f[at] if self.certified and at < len(self.reference_f) else 0.0
        best, evaluated = float("inf"), []
        known: dict[int, Fraction] = {}
        for p in sorted(self.remaining, key=lambda q: (self.stale[q], q)):
            if self.stale[p] > max(best, bar) * (1 + TOLERANCE):
                break
            if not self.affordable(p):
                self.remaining.discard(p)
                continue
            ev = self.evaluate(p)
            if not self.trusted(ev):
                known[p] = self.exact_alpha(ev)
                ev.alpha_f = float(known[p])
            self.stale[p] = ev.alpha_f
            evaluated.append(ev)
            best = min(best, ev.alpha_f)
        if not evaluated:
            return False
        close = [ev for ev in evaluated if ev.alpha_f <= best * (1 + TOLERANCE)]
        exact = [(known.get(ev.project) or self.exact_alpha(ev), ev) for ev in close]
        low = min(alpha for alpha, _ in exact)
        tied = sorted(
            (ev for alpha, ev in exact if alpha == low),
            key=lambda ev: self.data.tally.rank[ev.project],
        )
        if len(tied) > 1:
            self.ties.append(tuple(ev.project for ev in tied))
        if self.certified:
            self._certify(at, tied[0], low, evaluated, dict((ev.project, a) for a, ev in exact))
        self.pay(tied[0], low)
        return True

    def _certify(
        self,
        at: int,
        win: Evaluation,
        win_alpha: Fraction,
        evaluated: list[Evaluation],
        known: dict[int, Fraction],
    ) -> None:
        """Check that no other project can have beaten the winner at a share in between.

        Within one sequence of winners, budgets only grow with the share and prices only
        fall, so a project costing more now than the reference run's winner did is harmless
        (projects not evaluated this round have a last price above that by the lazy loop's
        bar). Failing that, with slope bounds (slopes.py), a project whose lead over the
        winner now is more than the gap could have closed since the reference share is
        harmless too. If this holds in every round, every share between the reference run's
        and this run's picks the same winners (see add1.py).
        """
        if at >= len(self.reference_f) or self.reference is None:
            self.certified = False
            return
        bar, rank, winner = self.reference[at], self.data.tally.rank, win.project
        fastest: float | None = None
        for ev in evaluated:
            q = ev.project
            if q == winner or ev.alpha_f > self.reference_f[at] * (1 + TOLERANCE):
                continue
            alpha = known[q] if q in known else self.exact_alpha(ev)
            if alpha > bar or (alpha == bar and rank[q] > rank[winner]):
                continue
            if self.bounds is None or alpha <= win_alpha:
                self.certified = False
                return
            if fastest is None:
                poor_b, maybe_b = self._sure_and_maybe(win, float(win_alpha))
                fastest = self.bounds.fastest_fall(self.data.sup[winner], poor_b, maybe_b)
            slowest = self.bounds.slowest_fall(
                self.data.sup[q], self._sure_and_maybe(ev, float(alpha))[0]
            )
            lead = float(alpha - win_alpha)
            if not self.bounds.lead_holds(lead, fastest, slowest, 1e-12 * float(win_alpha)):
                self.certified = False
                return

    def _sure_and_maybe(
        self, ev: Evaluation, alpha: float
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Supporters surely poor at this price, and those who may be (within TOLERANCE)."""
        idx = self.data.supporters[ev.project]
        ratio = self.budget_f[idx] / self.data.utility_f[ev.project]
        near = np.abs(ratio - alpha) <= TOLERANCE * alpha
        return ev.poor & ~near, ev.poor | near

    def run(self) -> MesRun:
        """Play rounds until nothing more can be bought."""
        while self.remaining and self.round():
            pass
        if self.reference is not None and len(self.alphas) != len(self.reference):
            self.certified = False
        return self
