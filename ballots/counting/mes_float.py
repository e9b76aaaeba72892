"""A fast run of MES in floats that says when it cannot be trusted, for Add1's many runs.

It makes the same choices as the exact run (`mes_core.MesRun`) whenever every choice it
makes is clear by a relative margin of DECIDE: which project is cheapest per unit of utility,
and whether supporters can afford a project. Float error in these sums is about 1e-13
relative, far below DECIDE; a run in which any choice was closer is marked `doubtful`, and
the caller runs the exact code instead. Outcomes therefore never rest on a close float.

Each voter type's budget also carries its derivative with respect to the share (`slope`),
which Add1 uses to guess where the next change is; guesses are always checked.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ballots.counting.mes_core import MesData

FloatArray = npt.NDArray[np.float64]
DECIDE = 1e-8


class FloatData:
    """Per-project arrays in the layout the float run wants, built once per count."""

    def __init__(self, data: MesData) -> None:
        self.data = data
        self.n_types = len(data.tally.weights)
        self.projects = np.array(data.candidates, dtype=np.int64)
        self.cost = np.array([float(data.tally.costs[p]) for p in data.candidates])
        self.rank = np.array([data.tally.rank[p] for p in data.candidates], dtype=np.int64)
        self.idx = [data.supporters[p] for p in data.candidates]
        self.weight = [data.weighted[p] for p in data.candidates]
        self.wu = [data.weighted_util[p] for p in data.candidates]
        self.util = [data.utility_f[p] for p in data.candidates]
        self.inv_util = [1.0 / u for u in self.util]
        pairs = zip(self.cost, self.wu, strict=True)
        self.floor = np.array([c / float(wu.sum()) for c, wu in pairs])


class FloatRun:
    """One run of MES at share `beta` in floats (see the module docstring).

    With a `reference` (the prices per round of a run at a smaller share with the same
    winners), the run also checks the monotonicity certificate of add1.py: in every round,
    every other project costs more than the reference winner did. `certified` says whether
    it held; any doubt makes it False, which is always safe.
    """

    def __init__(
        self,
        fd: FloatData,
        beta: float,
        reference: list[float] | None = None,
        track: bool = False,
    ) -> None:
        self.fd = fd
        self.beta = beta
        self.budget = np.full(fd.n_types, beta)
        self.slope = np.ones(fd.n_types)
        self.stale = fd.floor.copy()
        self.alive = np.ones(len(fd.cost), dtype=bool)
        self.selected: list[int] = []
        self.alphas: list[float] = []
        self.slopes: list[float] = []
        self.track = track
        self.doubtful = False
        self.reference = reference
        self.certified = reference is not None

    def _evaluate(self, k: int, budgets: FloatArray, enough: float) -> float:
        """The price per utility of project k, or a lower bound on it above `enough`.

        Newton steps from below on the concave amount its supporters can pay at a price:
        every step gives a better lower bound, and the last one is the price.
        """
        ratio = budgets * self.fd.inv_util[k]
        wu, cost = self.fd.wu[k], float(self.fd.cost[k])
        alpha = float(self.stale[k])
        for _ in range(100):
            low = np.minimum(ratio, alpha)
            paid = float(wu @ low)
            if paid >= cost:
                return alpha
            rich_wu = float(wu @ (ratio >= alpha))
            if rich_wu <= 0.0:
                return alpha
            step = (cost - paid) / rich_wu
            alpha += step
            if step <= alpha * 1e-15 or alpha > enough:
                return alpha
        return alpha

    def round(self) -> bool:
        """Play one round; return False when nothing more can be bought."""
        fd, at = self.fd, len(self.alphas)
        bar = 0.0
        if self.certified and self.reference is not None:
            if at >= len(self.reference):
                self.certified = False
            else:
                bar = self.reference[at]
        best, second, winner = np.inf, np.inf, -1
        evaluated: list[float] = []
        candidates = np.nonzero(self.alive)[0]
        for k in candidates[np.argsort(self.stale[candidates], kind="stable")].tolist():
            if self.stale[k] > max(best, bar) * (1 + DECIDE):
                break
            budgets = self.budget[fd.idx[k]]
            total = float(budgets @ fd.weight[k])
            if total < fd.cost[k] * (1 - DECIDE):
                self.alive[k] = False
                continue
            if total <= fd.cost[k] * (1 + DECIDE):
                self.doubtful = True
            alpha = self._evaluate(k, budgets, max(best, bar) * (1 + DECIDE))
            self.stale[k] = alpha
            evaluated.append(alpha)
            if alpha < best:
                best, second, winner = alpha, best, k
            elif alpha < second:
                second = alpha
        if winner < 0:
            return False
        if second <= best * (1 + DECIDE):
            self.doubtful = True
        if self.certified and (second <= bar * (1 + DECIDE) or best > bar * (1 + DECIDE)):
            self.certified = False
        self._pay(winner, best)
        return True

    def _pay(self, k: int, alpha: float) -> None:
        fd = self.fd
        idx, util = fd.idx[k], fd.util[k]
        budgets = self.budget[idx]
        left = budgets - alpha * util
        if self.track:
            poor = left < 0
            rich_wu = float(fd.wu[k] @ ~poor)
            slopes = self.slope[idx]
            d_alpha = -float(slopes[poor] @ fd.weight[k][poor]) / rich_wu if rich_wu > 0 else 0.0
            self.slope[idx] = np.where(poor, 0.0, slopes - d_alpha * util)
            self.slopes.append(d_alpha)
        self.budget[idx] = np.maximum(left, 0.0)
        self.alive[k] = False
        self.selected.append(int(fd.projects[k]))
        self.alphas.append(alpha)

    def run(self) -> FloatRun:
        """Play rounds until nothing more can be bought (or a choice was too close to call)."""
        while not self.doubtful and self.round():
            pass
        if self.reference is not None and len(self.alphas) != len(self.reference):
            self.certified = False
        if self.doubtful:
            self.certified = False
        return self
