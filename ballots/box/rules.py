"""Pure ballot rules: a round's rules and options as a counting Instance; forms as Ballots."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.rounds.rules import RoundRules
from ballots.counting.model import Ballot, BallotKind, Constraints, Instance, Project
from ballots.counting.validate import validate_ballot

# The ballot types the voting pages take (see ballot_form.py for their fields).
_KINDS: Mapping[str, BallotKind] = {
    "approval": "approval",
    "knapsack": "approval",
    "cumulative": "cumulative",
    "ranking": "ordinal",
    "yes_no": "scoring",  # per option: 1 point for yes, 0 for no; unanswered is left out
}


@dataclass(frozen=True)
class Option:
    """One project on a round's confirmed ballot list."""

    key: str
    title: str
    cost_cents: int
    summary: str = ""


@dataclass(frozen=True)
class Problem:
    """Why a ballot is refused: a stable code for the message, and its numbers."""

    code: str
    params: Mapping[str, int | str] = field(default_factory=dict)


def instance_for(rules: RoundRules, budget_cents: int, options: Sequence[Option]) -> Instance:
    """The counting engine's view of a round's ballot."""
    limit: int | None = None
    if rules.ballot_type == "knapsack":
        limit = rules.ballot_cost_limit_cents or budget_cents or None
    points = rules.points_total if rules.ballot_type == "cumulative" else None
    yes_no = rules.ballot_type == "yes_no"
    return Instance(
        budget=budget_cents,
        projects=tuple(Project(id=o.key, cost=o.cost_cents, name=o.title) for o in options),
        kind=_KINDS.get(rules.ballot_type, "approval"),
        constraints=Constraints(
            min_length=rules.ballot_min or None,
            max_length=rules.ballot_max or None,
            max_sum_cost=limit,
            max_sum_points=points or None,
            min_points=0 if yes_no else None,
            max_points=1 if yes_no else None,
        ),
    )


def ballot_from_choices(instance: Instance, chosen: Sequence[str]) -> Ballot:
    """An approval or knapsack ballot from the ticked project keys, in ballot-list order.

    Unknown keys are kept (at the end) so that validation reports them.
    """
    wanted = list(chosen)
    order = {pid: at for at, pid in enumerate(instance.ids())}
    wanted.sort(key=lambda pid: order.get(pid, len(order)))
    return Ballot(projects=tuple(wanted))


def total_cost(instance: Instance, ballot: Ballot) -> int:
    """The summed cost (cents) of the known projects a ballot names."""
    costs = {p.id: int(p.cost) for p in instance.projects}
    return sum(costs.get(pid, 0) for pid in ballot.projects)


def check(instance: Instance, ballot: Ballot, *, allow_blank: bool) -> list[Problem]:
    """Every reason to refuse the ballot; the counting engine's validate_ballot decides.

    The messages are ours (translatable, with numbers); validity is the counting engine's,
    so a ballot the box accepts is always a ballot the count accepts.
    """
    c, n = instance.constraints, len(ballot.projects)
    problems: list[Problem] = []
    known = set(instance.ids())
    if any(pid not in known for pid in ballot.projects):
        problems.append(Problem("unknown_project"))
    if len(set(ballot.projects)) != n:
        problems.append(Problem("duplicate"))
    if n == 0 and not allow_blank:
        problems.append(Problem("blank_not_allowed"))
    if c.min_length is not None and 0 < n < c.min_length:
        problems.append(Problem("too_few", {"min": c.min_length, "n": n}))
    if c.max_length is not None and n > c.max_length:
        problems.append(Problem("too_many", {"max": c.max_length, "n": n}))
    total = total_cost(instance, ballot)
    if c.max_sum_cost is not None and total > c.max_sum_cost:
        problems.append(Problem("over_limit", {"limit": int(c.max_sum_cost), "total": total}))
    points = ballot.points or ()
    if any(p < 0 for p in points):
        problems.append(Problem("negative_points"))
    if c.max_sum_points is not None and sum(points) > c.max_sum_points:
        problems.append(
            Problem("too_many_points", {"limit": int(c.max_sum_points), "total": sum(points)})
        )
    engine = validate_ballot(instance, ballot)
    if engine and not problems:
        problems.append(Problem("invalid", {"detail": "; ".join(engine)}))
    if not engine and problems and not any(p.code == "blank_not_allowed" for p in problems):
        # Our wording must never refuse what the count accepts.
        problems = []
    return problems


def canonical_choices(ballot: Ballot) -> str:
    """The stored form of a ballot's choices: compact JSON with sorted keys."""
    body: dict[str, object] = {"projects": list(ballot.projects)}
    if ballot.points is not None:
        body["points"] = list(ballot.points)
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def ballot_from_json(text: str) -> Ballot:
    """A stored ballot's choices back as a counting Ballot."""
    body = json.loads(text)
    points = body.get("points")
    return Ballot(
        projects=tuple(str(p) for p in body.get("projects", [])),
        points=None if points is None else tuple(int(p) for p in points),
    )


def voting_open(
    phase: str, voting_starts: datetime | None, counting_starts: datetime | None, now: datetime
) -> bool:
    """Whether a ballot may be cast now: voting phase, and within its dates when they are set."""
    if phase != "voting":
        return False
    if voting_starts is not None and now < voting_starts:
        return False
    return counting_starts is None or now < counting_starts
