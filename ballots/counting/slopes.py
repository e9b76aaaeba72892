"""Bounds on how fast budgets and prices can move with the share, for Add1's certificate.

Runs at shares a < b pick the same winners so far. Along those winners, every budget only
grows with the share and every price only falls; a supporter rich at some share (pays price
x utility) stays rich at every larger share. `SlopeBounds` carries, for every voter type,
bounds [low, high] on the slope of its budget over [a, b] through the rounds: a winner's
price falls at least at -(sum over supporters maybe poor at a of weight x high) / (utility
weight of the others) and at most at -(sum over supporters surely poor at b of weight x
low) / (utility weight of the others); a supporter poor at b pays everything on [a, b]
(slope 0 after), one rich at a pays price x utility throughout, any other is between.
Voters within the float margin of the line count as "between", which only widens bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
SAFETY = 1 + 1e-6


@dataclass(frozen=True)
class Supporters:
    """A project's supporters: voter types, weights, weight x utility, utility (floats)."""

    idx: IntArray
    weight: FloatArray
    wu: FloatArray
    util: FloatArray


class SlopeBounds:
    """Slope bounds on every budget over [a, b], carried through the rounds on demand."""

    def __init__(self, n_types: int, poor_at_a: list[IntArray], width: float) -> None:
        self.low = np.ones(n_types)
        self.high = np.ones(n_types)
        self.mark = np.zeros(n_types, dtype=bool)
        self.poor_at_a = poor_at_a
        self.width = width
        self.rounds: list[tuple[Supporters, IntArray, IntArray]] = []
        self.done = 0

    def paid(self, winner: Supporters, surely_poor: IntArray, maybe_poor: IntArray) -> None:
        """Record a round paid at b: the winner's supporters and who was (maybe) poor."""
        self.rounds.append((winner, surely_poor, maybe_poor))

    def _mask(self, types: IntArray, idx: IntArray) -> BoolArray:
        if len(types) == 0:
            return np.zeros(len(idx), dtype=bool)
        self.mark[types] = True
        found = self.mark[idx]
        self.mark[types] = False
        return found

    def _winner(
        self,
        at: int,
        s: Supporters,
        poor_b: BoolArray,
        maybe_b: BoolArray,
        now: tuple[FloatArray, FloatArray] | None = None,
    ) -> tuple[float, float, BoolArray]:
        """Fastest and slowest fall of round at's winning price; who may be poor at a.

        `now` is (high, low) of the winner's supporters, when the caller has them already.
        """
        if at >= len(self.poor_at_a):
            return -np.inf, 0.0, maybe_b
        high_s, low_s = now or (self.high[s.idx], self.low[s.idx])
        poor_a = self.poor_at_a[at]
        maybe_a = self._mask(poor_a, s.idx) | maybe_b if len(poor_a) else maybe_b
        rich_a = float(s.wu @ ~maybe_a)
        high = float(s.weight[maybe_a] @ high_s[maybe_a])
        rich_b, low = float(s.wu @ ~poor_b), float(s.weight @ (low_s * poor_b))
        fastest = -high / rich_a if rich_a > 0 else -np.inf
        slowest = -low / rich_b if rich_b > 0 else 0.0
        return fastest, slowest, maybe_a

    def _bring(self) -> None:
        for at in range(self.done, len(self.rounds)):
            s, surely, maybe = self.rounds[at]
            poor_b, maybe_b = self._mask(surely, s.idx), self._mask(maybe, s.idx)
            high_s, low_s = self.high[s.idx], self.low[s.idx]
            fastest, slowest, maybe_a = self._winner(at, s, poor_b, maybe_b, (high_s, low_s))
            self.high[s.idx] = np.where(poor_b, 0.0, high_s - fastest * s.util)
            self.low[s.idx] = np.where(maybe_a, 0.0, low_s - slowest * s.util)
        self.done = len(self.rounds)

    def fastest_fall(self, winner: Supporters, poor_b: BoolArray, maybe_b: BoolArray) -> float:
        """The steepest slope the price of this round's winner can have over [a, b]."""
        self._bring()
        return self._winner(len(self.rounds), winner, poor_b, maybe_b)[0]

    def slowest_fall(self, rival: Supporters, surely_poor: BoolArray) -> float:
        """The flattest slope a rival's price can have over [a, b] (it is poor-heavy at b)."""
        self._bring()
        rich = float(rival.wu @ ~surely_poor)
        if rich <= 0:
            return 0.0  # no bound below "prices never rise"
        return -float(rival.weight @ (self.low[rival.idx] * surely_poor)) / rich

    def lead_holds(self, lead: float, fastest: float, slowest: float, margin: float) -> bool:
        """Can a rival's lead at b over the winner not have closed anywhere in [a, b]?"""
        closing = self.width * max(0.0, slowest - fastest) * SAFETY
        return lead > closing + margin
