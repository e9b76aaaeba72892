"""Per-project supporter arrays of a tally for MES, built once per count."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ballots.counting.prepare import IntArray, Tally
from ballots.counting.slopes import Supporters

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class MesData:
    """Per-project supporter arrays of a tally, computed once and reused by every run."""

    tally: Tally
    candidates: tuple[int, ...]
    free: tuple[int, ...]
    supporters: dict[int, IntArray]
    utility: dict[int, npt.NDArray[np.int64] | npt.NDArray[np.object_]]
    weighted: dict[int, FloatArray]
    utility_f: dict[int, FloatArray]
    weighted_util: dict[int, FloatArray]
    total: dict[int, int]
    exact_dtype: type
    weight_sum: dict[int, float]
    least_utility: dict[int, float]
    sup: dict[int, Supporters]

    @classmethod
    def build(cls, tally: Tally) -> MesData:
        """Index the supporters of every project that has some and a positive cost."""
        n_types = len(tally.weights)
        big = tally.voters * max(
            (max(tally.costs, default=0) * int(tally.points.max(initial=0))), 1
        )
        dtype: type = np.int64 if big < 2**62 else object
        supporters, utility, weighted, utility_f, total = {}, {}, {}, {}, {}
        weighted_util = {}
        candidates, free = [], []
        for p, cost in enumerate(tally.costs):
            idx = (
                np.nonzero(tally.points[:, p])[0].astype(np.int64)
                if n_types
                else np.zeros(0, np.int64)
            )
            if len(idx) == 0:
                continue
            if cost == 0:
                free.append(p)
                continue
            candidates.append(p)
            supporters[p] = idx
            utility[p] = (tally.points[idx, p].astype(dtype)) * cost
            weighted[p] = tally.weights[idx].astype(np.float64)
            utility_f[p] = tally.points[idx, p].astype(np.float64) * float(cost)
            weighted_util[p] = utility_f[p] * weighted[p]
            if dtype is np.int64:  # no overflow: voters x cost x points < 2^62 (see `big`)
                total[p] = int(tally.weights[idx] @ utility[p])
            else:
                pairs = zip(tally.weights[idx], utility[p], strict=True)
                total[p] = int(sum(int(w) * int(u) for w, u in pairs))
        return cls(
            tally,
            tuple(candidates),
            tuple(free),
            supporters,
            utility,
            weighted,
            utility_f,
            weighted_util,
            total,
            dtype,
            {p: float(w.sum()) for p, w in weighted.items()},
            {p: float(u.min()) for p, u in utility_f.items()},
            {
                p: Supporters(supporters[p], weighted[p], weighted_util[p], utility_f[p])
                for p in candidates
            },
        )
