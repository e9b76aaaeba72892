"""Turn an instance and a profile into merged, integer-scaled arrays the rules count on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

import numpy as np
import numpy.typing as npt

from ballots.counting.model import Instance, Money, Profile, ballot_points, rank_length
from ballots.counting.ties import tie_order

IntArray = npt.NDArray[np.int64]


class CountingError(ValueError):
    """The election cannot be counted as asked (bad budget, bad cost, wrong ballot kind)."""


@dataclass(frozen=True)
class Tally:
    """Ballots merged into voter types with weights, money scaled to whole numbers.

    Money is multiplied by `scale` so that every cost and the budget are integers.
    `points[t, p]` is what one voter of type t gives project p; `weights[t]` counts the voters.
    `rank[p]` is the project's place in the tie order (0 wins).
    """

    ids: tuple[str, ...]
    costs: tuple[int, ...]
    budget: int
    scale: int
    weights: IntArray
    points: IntArray
    voters: int
    scores: tuple[int, ...]
    rank: tuple[int, ...]
    tie_break: str

    def money(self, scaled: int | Fraction) -> Money:
        """Turn a scaled amount back into currency units (int when whole)."""
        value = Fraction(scaled) / self.scale
        return value.numerator if value.denominator == 1 else value


def _check(instance: Instance) -> None:
    if instance.budget <= 0:
        raise CountingError(f"the budget must be more than zero, not {instance.budget}")
    for project in instance.projects:
        if project.cost < 0:
            raise CountingError(f"project {project.id} has a negative cost: {project.cost}")


def _types(instance: Instance, profile: Profile) -> Counter[tuple[tuple[int, int], ...]]:
    index = {pid: at for at, pid in enumerate(instance.ids())}
    k = rank_length(instance, profile)
    types: Counter[tuple[tuple[int, int], ...]] = Counter()
    if profile.kind in ("approval", "choose-1"):  # one point each: the common case, faster
        plain = Counter(
            tuple(sorted({index[pid] for pid in ballot.projects})) for ballot in profile.ballots
        )
        types.update({tuple((at, 1) for at in key): n for key, n in plain.items()})
        return types
    for ballot in profile.ballots:
        given = ballot_points(profile.kind, ballot, k)
        types[tuple(sorted((index[pid], pts) for pid, pts in given.items() if pts))] += 1
    return types


def prepare(instance: Instance, profile: Profile, tie_break: str = "lexicographic") -> Tally:
    """Merge identical ballots, scale money to integers and fix the tie order."""
    _check(instance)
    amounts = [Fraction(instance.budget), *(Fraction(p.cost) for p in instance.projects)]
    scale = lcm(*(amount.denominator for amount in amounts))
    budget, *costs = (int(amount * scale) for amount in amounts)
    types = _types(instance, profile)
    points = np.zeros((len(types), len(instance.projects)), dtype=np.int64)
    weights = np.zeros(len(types), dtype=np.int64)
    for row, (pairs, count) in enumerate(types.items()):
        weights[row] = count
        for at, pts in pairs:
            points[row, at] = pts
    scores = tuple(int(v) for v in weights @ points) if len(types) else (0,) * len(costs)
    ids = instance.ids()
    order = tie_order(
        tie_break,
        ids,
        {p.id: p.cost for p in instance.projects},
        dict(zip(ids, scores, strict=True)),
    )
    place = {pid: at for at, pid in enumerate(order)}
    return Tally(
        ids,
        tuple(costs),
        budget,
        scale,
        weights,
        points,
        len(profile.ballots),
        scores,
        tuple(place[pid] for pid in ids),
        tie_break,
    )
