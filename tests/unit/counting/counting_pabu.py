"""Test helpers: build pabutools instances from ours and run its rules as the oracle."""

from __future__ import annotations

import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # pabutools pulls optional plotting/MIP modules that may warn on import; not our concern.
    warnings.simplefilter("ignore")
    from pabutools.election import (
        AdditiveSatisfaction,
        ApprovalBallot,
        ApprovalProfile,
        CardinalBallot,
        CardinalProfile,
        Cost_Sat,
    )
    from pabutools.election import Instance as PInstance
    from pabutools.election import Project as PProject
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

from ballots.counting.model import Instance, Profile, ballot_points, rank_length

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "pabulib"


class PointsCostSat(AdditiveSatisfaction):  # type: ignore[misc]
    """Utility = points x cost, the engine's definition for points ballots."""

    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(instance, profile, ballot, lambda i, pr, b, p, pre: b.get(p, 0) * p.cost)


def to_pabutools(instance: Instance, profile: Profile) -> tuple[Any, Any, Any]:
    """Return (instance, profile, satisfaction class) for pabutools."""
    projects = {
        p.id: PProject(p.id, Fraction(p.cost) if not isinstance(p.cost, int) else p.cost)
        for p in instance.projects
    }
    pinst = PInstance(projects.values(), budget_limit=instance.budget)
    k = rank_length(instance, profile)
    if profile.kind in ("approval", "choose-1"):
        ballots = [ApprovalBallot([projects[pid] for pid in b.projects]) for b in profile.ballots]
        return pinst, ApprovalProfile(ballots, instance=pinst), Cost_Sat
    ballots = [
        CardinalBallot(
            {projects[pid]: pts for pid, pts in ballot_points(profile.kind, b, k).items()}
        )
        for b in profile.ballots
    ]
    return pinst, CardinalProfile(ballots, instance=pinst), PointsCostSat


def oracle(rule: str, instance: Instance, profile: Profile, **kw: Any) -> list[str]:
    """Return pabutools' selection (sorted ids) for greedy, mes, mes-add1 or phragmen."""
    pinst, pprof, sat = to_pabutools(instance, profile)
    if rule == "greedy":
        out = greedy_utilitarian_welfare(pinst, pprof, sat_class=sat)
    elif rule == "mes":
        out = method_of_equal_shares(pinst, pprof, sat_class=sat)
    elif rule == "mes-add1":
        out = method_of_equal_shares(
            pinst, pprof, sat_class=sat, voter_budget_increment=kw.get("unit", 1)
        )
    else:
        out = sequential_phragmen(pinst, pprof)
    return sorted(p.name for p in out)
