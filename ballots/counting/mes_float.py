"""A fast run of MES in floats that says when it cannot be trusted, for Add1's many runs.

It makes the same choices as the exact run (`mes_core.MesRun`) whenever every choice it
makes is clear by a relative margin of DECIDE (1e-8): which project is cheapest per unit of
utility, and whether supporters can afford a project. Measured against the exact run on the
shared Pabulib files, float prices are off by at most about 1e-14 relative, so DECIDE leaves
a factor of about 10^6 (a worst-case bound over 40 rounds is far looser and useless). A run
in which any choice was closer is marked `doubtful`, and the caller runs the exact code.
This is the same rule the exact run uses to pick its candidates: floats only settle what is
clear, fractions settle the rest.
Tests compare float and exact runs on random elections (tests/unit/counting).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ballots.counting.mes_core import MesData
from ballots.counting.prepare import IntArray
from ballots.counting.price import float_price
from ballots.counting.slopes import SlopeBounds, Supporters

FloatArray = npt.NDArray[np.float64]
DECIDE = 1e-8


class FloatData:
    """Per-project arrays in the layout the float run wants, built once per count."""

    def __init__(self, data: MesData) -> None:
        self.data = data
        self.n_types = len(data.tally.weights)
        self.projects = np.array(data.candidates, dtype=np.int64)
        self.position = {p: k for k, p in enumerate(data.candidates)}
        self.cost = np.array([float(data.tally.costs[p]) for p in data.candidates])
        self.rank = np.array([data.tally.rank[p] for p in data.candidates], dtype=np.int64)
        self.idx = [data.supporters[p] for p in data.candidates]
        self.weight = [data.weighted[p] for p in data.candidates]
        self.wu = [data.weighted_util[p] for p in data.candidates]
        self.util = [data.utility_f[p] for p in data.candidates]
        self.inv_util = [1.0 / u for u in self.util]
        self.sup = [
            Supporters(i, w, wu, u)
            for i, w, wu, u in zip(self.idx, self.weight, self.wu, self.util, strict=True)
        ]
        pairs = zip(self.cost, self.wu, strict=True)
        self.floor = np.array([c / float(wu.sum()) for c, wu in pairs])
        # the same values as Python scalars: indexing a NumPy array per round costs more
        self.cost_of = [float(c) for c in self.cost]
        self.floor_of = [float(f) for f in self.floor]
        self.project_of = [int(p) for p in self.projects]
        # a project's utility when all its supporters have the same one (approval), else 0:
        # then scalar arithmetic gives bit for bit what the per-supporter arrays give
        self.same_util = [float(u[0]) if (u == u[0]).all() else 0.0 for u in self.util]
        # the lowest price a project can have (every supporter pays price x utility), exactly
        self.floor_key = [
            (Fraction(data.tally.costs[p], data.total[p]), data.tally.rank[p])
            for p in data.candidates
        ]


@dataclass(frozen=True)
class Reference:
    """What a probe needs of the run it is certified against: share, prices, poor voters."""

    beta: float
    alphas: list[float]
    poor: list[IntArray] | None
    floors: list[bool] | None = None  # was round t's winner at its floor price (exactly)?
    selected: list[int] | None = None
    packed: Any = None  # the same laid out for the compiled probe (mes_jit), when it made them


class FloatRun:
    """One run of MES at share `beta` in floats (see the module docstring).

    With a `reference` (a run at a smaller share a), the run also checks that every share
    between a and its own share b picks the same winners as itself, round by round (the
    induction of add1.py). A project other than round t's winner is harmless when it cannot
    be afforded at b (then at no smaller share), or when its price at b is above the
    winner's price at a (prices only fall as the share grows), or, failing both, when its
    lead over the winner at b is more than the gap could have closed over [a, b]: the gap
    is continuous and its slope is at most the largest slope the project's price can have
    minus the smallest the winner's price can have, both bounded from slope bounds on every
    budget carried through the rounds. `certified` says whether every round passed; any
    doubt makes it False, which is always safe.
    """

    def __init__(
        self,
        fd: FloatData,
        beta: float,
        reference: Reference | None = None,
        hint: list[int] | None = None,
    ) -> None:
        self.fd = fd
        self.hint = [fd.position[p] for p in hint or ()]
        self.beta = beta
        self.budget = np.full(fd.n_types, beta)
        self.stale = fd.floor.copy()
        self.alive = np.ones(len(fd.cost), dtype=bool)
        self.open = fd.floor.copy()  # stale prices of the projects still alive, else inf
        self.selected: list[int] = []
        self.alphas: list[float] = []
        self.poor: list[IntArray] = []
        self.floors: list[bool] = []
        self.zero = np.zeros(fd.n_types, dtype=bool)  # surely spent everything (exactly 0)
        self.doubtful = False
        self.reference = reference
        self.certified = reference is not None
        self.width = beta - reference.beta if reference else 0.0
        self.bounds = (
            SlopeBounds(fd.n_types, reference.poor, self.width)
            if reference is not None and reference.poor is not None
            else None
        )

    def _evaluate(self, k: int, budgets: FloatArray, enough: float) -> float:
        """The price per utility of project k, or a lower bound on it above `enough`."""
        fd = self.fd
        same = fd.same_util[k]
        ratio = budgets * (1.0 / same) if same else budgets * fd.inv_util[k]
        return float_price(ratio, fd.wu[k], fd.cost_of[k], float(self.stale[k]), enough)

    def round(self) -> bool:
        """Play one round; return False when nothing more can be bought."""
        fd, at = self.fd, len(self.alphas)
        bar = 0.0
        if self.certified and self.reference is not None and at < len(self.reference.alphas):
            bar = self.reference.alphas[at]
        best, second, winner = np.inf, np.inf, -1
        close: list[tuple[int, float]] = []
        evaluated: list[tuple[int, float]] = []
        gathered: dict[int, FloatArray] = {}
        if len(self.alive) == 0:
            return False
        open_ = self.open  # cheapest last price first; looked-at ones are put back below
        first = self.hint[at] if at < len(self.hint) and self.alive[self.hint[at]] else -1
        enough = np.inf  # max(best, bar) * (1 + DECIDE), kept up to date
        while True:
            k = first if first >= 0 else int(open_.argmin())  # the hint: likely the winner
            first, low = -1, float(open_[k])
            if low == np.inf or low > enough:
                break
            open_[k] = np.inf
            budgets = self.budget[fd.idx[k]]
            total, cost = float(budgets @ fd.weight[k]), fd.cost_of[k]
            if total < cost * (1 - DECIDE):
                self.alive[k] = False
                continue
            if total <= cost * (1 + DECIDE):
                self.doubtful = True
            alpha = self._evaluate(k, budgets, enough)
            self.stale[k] = alpha
            gathered[k] = budgets
            evaluated.append((k, alpha))
            if alpha <= bar * (1 + DECIDE):
                close.append((k, alpha))
            if alpha < best:
                best, second, winner = alpha, best, k
                enough = max(best, bar) * (1 + DECIDE)
            elif alpha < second:
                second = alpha
        if winner < 0:
            return False
        if second <= best * (1 + DECIDE):
            tied = [(k, a) for k, a in evaluated if a <= best * (1 + DECIDE)]
            pick = self._floor_pick(tied)
            if pick is None:
                self.doubtful = True
            else:
                winner, best = pick
        for k, alpha in evaluated:
            if k != winner:
                open_[k] = alpha
        if self.certified:
            self._certify(winner, best, bar, [(k, a) for k, a in close if k != winner])
        self._pay(winner, best, gathered[winner])
        return True

    def _exact_key(self, k: int, alpha: float) -> tuple[Fraction, int] | None:
        """Project k's exact price and tie place, when every supporter of k either clearly
        can pay alpha x utility or has spent everything (exactly zero left); else None.

        Then the price is exactly cost / (weight x utility of the supporters who pay).
        """
        idx = self.fd.idx[k]
        rich = self.budget[idx] * self.fd.inv_util[k] >= alpha * (1 + DECIDE)
        if rich.all():
            return self.fd.floor_key[k]
        if not (rich | self.zero[idx]).all():
            return None
        p = self.fd.project_of[k]
        weights = self.fd.data.tally.weights[idx[rich]]
        paying = sum(
            int(w) * int(u) for w, u in zip(weights, self.fd.data.utility[p][rich], strict=True)
        )
        return Fraction(self.fd.data.tally.costs[p], paying), self.fd.data.tally.rank[p]

    def _floor_pick(self, tied: list[tuple[int, float]]) -> tuple[int, float] | None:
        """The winner among prices too close to call in floats, decided exactly when it can be.

        Prices whose payers are known exactly (`_exact_key`) are compared as fractions, then
        by the tie order; None when any of them is not known that way.
        """
        keyed: list[tuple[tuple[Fraction, int], tuple[int, float]]] = []
        for k, alpha in tied:
            key = self._exact_key(k, alpha)
            if key is None:
                return None
            keyed.append((key, (k, alpha)))
        return min(keyed)[1]

    def _harmless_at_floor(self, at: int, winner: int, k: int) -> bool:
        """Round at's winner was at its floor at a, so at that floor all along [a, b]; a rival
        whose floor (or tie order, at an equal floor) is worse can never beat it there."""
        ref = self.reference
        if ref is None or ref.floors is None or ref.selected is None or at >= len(ref.floors):
            return False
        same = ref.selected[at] == self.fd.project_of[winner]
        return same and ref.floors[at] and self.fd.floor_key[k] > self.fd.floor_key[winner]

    def _certify(
        self, winner: int, alpha: float, bar: float, close: list[tuple[int, float]]
    ) -> None:
        if not bar or alpha > bar * (1 + DECIDE):
            self.certified = False
            return
        at = len(self.alphas)
        close = [(k, a) for k, a in close if not self._harmless_at_floor(at, winner, k)]
        if not close:
            return
        if self.bounds is None:
            self.certified = False
            return
        ratio = self.budget[self.fd.idx[winner]] * self.fd.inv_util[winner]
        poor_b, maybe_b = ratio < alpha * (1 - DECIDE), ratio <= alpha * (1 + DECIDE)
        fastest = self.bounds.fastest_fall(self.fd.sup[winner], poor_b, maybe_b)
        for k, price in close:
            ratio = self.budget[self.fd.idx[k]] * self.fd.inv_util[k]
            slowest = self.bounds.slowest_fall(self.fd.sup[k], ratio < price * (1 - DECIDE))
            if not self.bounds.lead_holds(price - alpha, fastest, slowest, DECIDE * alpha):
                self.certified = False
                return

    def _pay(self, k: int, alpha: float, budgets: FloatArray) -> None:
        """Pay round's winner k at price alpha; `budgets` are its supporters' budgets now."""
        fd = self.fd
        idx, same = fd.idx[k], fd.same_util[k]
        if same:  # one utility: scalars, the same values as the array arithmetic below
            price = alpha * same
            left, band = budgets - price, price * DECIDE
            maybe = idx[left <= band]
            surely = idx[left < -band] if len(maybe) else maybe
        else:
            util = fd.util[k]
            left = budgets - alpha * util
            band_ = alpha * util * DECIDE
            maybe = idx[left <= band_]
            surely = idx[left < -band_]
        if len(surely):
            self.zero[surely] = True
        if self.bounds is not None and self.certified:
            self.bounds.paid(fd.sup[k], surely, maybe)
        self.budget[idx] = np.maximum(left, 0.0) if len(maybe) else left
        self.alive[k] = False
        self.selected.append(fd.project_of[k])
        self.alphas.append(alpha)
        self.poor.append(maybe)
        self.floors.append(len(maybe) == 0 and alpha <= fd.floor_of[k] * (1 + DECIDE))

    def run(self, until_uncertified: bool = False) -> FloatRun:
        """Play rounds until nothing more can be bought (or a choice was too close to call).

        With `until_uncertified`, stop as soon as the certificate fails (`finished` False).
        """
        self.finished = False
        while not self.doubtful:
            if until_uncertified and not self.certified:
                return self
            if not self.round():
                break
        self.finished = not self.doubtful
        if self.reference is not None and len(self.alphas) != len(self.reference.alphas):
            self.certified = False
        if self.doubtful:
            self.certified = False
        return self
