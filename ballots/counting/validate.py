"""Check ballots against the election's META constraints (length, cost, points)."""

from __future__ import annotations

from ballots.counting.model import POINT_KINDS, Ballot, Instance, Money, Profile


def _length(instance: Instance, ballot: Ballot) -> list[str]:
    c, n = instance.constraints, len(ballot.projects)
    problems = []
    if c.min_length is not None and n < c.min_length and n > 0:
        problems.append(f"chooses {n} projects, at least {c.min_length} are needed")
    if c.max_length is not None and n > c.max_length:
        problems.append(f"chooses {n} projects, at most {c.max_length} are allowed")
    if instance.kind == "choose-1" and n > 1:
        problems.append(f"chooses {n} projects on a choose-1 ballot")
    return problems


def _cost(instance: Instance, ballot: Ballot, costs: dict[str, Money]) -> list[str]:
    c = instance.constraints
    total = sum(costs.get(pid, 0) for pid in ballot.projects)
    problems = []
    if c.max_sum_cost is not None and total > c.max_sum_cost:
        problems.append(
            f"chooses projects costing {total} in all, more than the limit {c.max_sum_cost}"
        )
    if c.min_sum_cost is not None and ballot.projects and total < c.min_sum_cost:
        problems.append(
            f"chooses projects costing {total} in all, less than the minimum {c.min_sum_cost}"
        )
    return problems


def _points(instance: Instance, ballot: Ballot) -> list[str]:
    if instance.kind not in POINT_KINDS:
        return []
    c, points = instance.constraints, ballot.points or ()
    problems = [f"gives {p} points, points cannot be negative" for p in points if p < 0]
    if c.max_points is not None:
        problems += [
            f"gives {p} points to one project, at most {c.max_points} allowed"
            for p in points
            if p > c.max_points
        ]
    if c.min_points is not None:
        problems += [
            f"gives {p} points to one project, at least {c.min_points} needed"
            for p in points
            if p < c.min_points
        ]
    total = sum(points)
    if c.max_sum_points is not None and total > c.max_sum_points:
        problems.append(f"gives {total} points in all, at most {c.max_sum_points} allowed")
    if c.min_sum_points is not None and points and total < c.min_sum_points:
        problems.append(f"gives {total} points in all, at least {c.min_sum_points} needed")
    return problems


def validate_ballot(
    instance: Instance, ballot: Ballot, costs: dict[str, Money] | None = None
) -> list[str]:
    """Return every way the ballot breaks the election's rules (empty list: valid).

    An empty ballot (a blank vote) is always valid. `costs` ({id: cost}) may be passed
    when many ballots are checked, to build it once.
    """
    costs = costs if costs is not None else {p.id: p.cost for p in instance.projects}
    problems = [f"names unknown project {pid}" for pid in ballot.projects if pid not in costs]
    if len(set(ballot.projects)) != len(ballot.projects):
        problems.append("names a project twice")
    return (
        problems
        + _length(instance, ballot)
        + _cost(instance, ballot, costs)
        + _points(instance, ballot)
    )


def invalid_ballots(instance: Instance, profile: Profile) -> list[tuple[int, str, list[str]]]:
    """Return (position, voter id, problems) for every ballot that breaks the rules."""
    found, costs = [], {p.id: p.cost for p in instance.projects}
    for at, ballot in enumerate(profile.ballots):
        problems = validate_ballot(instance, ballot, costs)
        if problems:
            found.append((at, ballot.voter_id, problems))
    return found


def without(profile: Profile, positions: set[int]) -> Profile:
    """Return the profile without the ballots at these positions."""
    kept = tuple(b for at, b in enumerate(profile.ballots) if at not in positions)
    return Profile(profile.kind, kept)
