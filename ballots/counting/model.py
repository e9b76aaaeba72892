"""Frozen data types for an election: projects, budget, ballot constraints and ballots."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

Money = int | Fraction
BallotKind = Literal["approval", "choose-1", "cumulative", "scoring", "ordinal"]
POINT_KINDS: frozenset[str] = frozenset({"cumulative", "scoring"})


def as_money(value: Fraction) -> Money:
    """Return an int when the value is whole, else the Fraction itself."""
    return value.numerator if value.denominator == 1 else value


@dataclass(frozen=True)
class Project:
    """A project on the ballot: a string id, an exact cost and a display name."""

    id: str
    cost: Money
    name: str = ""


@dataclass(frozen=True)
class Constraints:
    """Ballot constraints from META; None means no limit."""

    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Money | None = None
    max_sum_cost: Money | None = None
    min_points: int | None = None
    max_points: int | None = None
    min_sum_points: int | None = None
    max_sum_points: int | None = None


@dataclass(frozen=True)
class Instance:
    """What is being decided: the projects, the budget and the ballot rules."""

    budget: Money
    projects: tuple[Project, ...]
    kind: BallotKind = "approval"
    constraints: Constraints = field(default_factory=Constraints)
    threshold: int | None = None

    def project(self, project_id: str) -> Project:
        """Return the project with this id (KeyError when unknown)."""
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)

    def ids(self) -> tuple[str, ...]:
        """Return the project ids in file order."""
        return tuple(project.id for project in self.projects)


@dataclass(frozen=True)
class Ballot:
    """One ballot: project ids in the voter's order, and points when the ballot has them."""

    projects: tuple[str, ...]
    points: tuple[int, ...] | None = None
    voter_id: str = ""


@dataclass(frozen=True)
class Profile:
    """All ballots of one election, of one kind."""

    kind: BallotKind
    ballots: tuple[Ballot, ...]


def ballot_points(kind: BallotKind, ballot: Ballot, rank_length: int) -> dict[str, int]:
    """Return the points a ballot gives each project it names.

    Approval and choose-1 ballots give 1 point; cumulative and scoring ballots give their
    points; an ordinal ballot gives k - position points (first place k), k = rank_length.
    """
    if kind in POINT_KINDS:
        points = ballot.points or tuple(1 for _ in ballot.projects)
        return dict(zip(ballot.projects, points, strict=True))
    if kind == "ordinal":
        return {pid: rank_length - pos for pos, pid in enumerate(ballot.projects)}
    return dict.fromkeys(ballot.projects, 1)


def rank_length(instance: Instance, profile: Profile) -> int:
    """Return k for ordinal ballots: META max_length, else the longest ballot."""
    if instance.constraints.max_length is not None:
        return instance.constraints.max_length
    return max((len(b.projects) for b in profile.ballots), default=0)
