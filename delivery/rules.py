"""Pure delivery rules: status steps, who records delivery, money checks and progress sums."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

PLANNED = "planned"
IN_PROGRESS = "in_progress"
DELIVERED = "delivered"
CANCELLED = "cancelled"
STATUSES: tuple[str, ...] = (PLANNED, IN_PROGRESS, DELIVERED, CANCELLED)

# Where a project may go from each status; delivered and cancelled are final.
NEXT: Mapping[str, frozenset[str]] = {
    PLANNED: frozenset({IN_PROGRESS, DELIVERED, CANCELLED}),
    IN_PROGRESS: frozenset({DELIVERED, CANCELLED}),
    DELIVERED: frozenset(),
    CANCELLED: frozenset(),
}

MAX_REASON = 2000
MAX_MILESTONE = 200
MAX_NOTE = 2000
MAX_PHOTOS = 12


def can_move(current: str, target: str) -> bool:
    """Whether a project may go from one status to another."""
    return target in NEXT.get(current, frozenset())


def money_problem(committed_cents: int, spent_cents: int) -> str | None:
    """Why a committed/spent pair is refused ('spent_over_committed'), or None when fine."""
    if spent_cents > committed_cents:
        return "spent_over_committed"
    return None


@dataclass(frozen=True)
class Progress:
    """How far a set of projects has come: counts and money, in cents."""

    projects: int
    delivered: int
    in_progress: int
    cancelled: int
    decided_cents: int
    used_cents: int
    committed_cents: int
    spent_cents: int


def used_cents(status: str, amount_cents: int, spent_cents: int) -> int:
    """What a project takes from its line: its amount, or only what it spent once cancelled."""
    return spent_cents if status == CANCELLED else amount_cents


class Costed(Protocol):
    """What progress needs of a project: its status and its money in cents."""

    @property
    def status(self) -> str: ...
    @property
    def amount_cents(self) -> int: ...
    @property
    def committed_cents(self) -> int: ...
    @property
    def spent_cents(self) -> int: ...


def progress(projects: Iterable[Costed]) -> Progress:
    """Sum up projects: how many in each status, and their money."""
    rows = list(projects)

    def count(status: str) -> int:
        return sum(1 for row in rows if row.status == status)

    return Progress(
        projects=len(rows),
        delivered=count(DELIVERED),
        in_progress=count(IN_PROGRESS),
        cancelled=count(CANCELLED),
        decided_cents=sum(row.amount_cents for row in rows),
        used_cents=sum(used_cents(row.status, row.amount_cents, row.spent_cents) for row in rows),
        committed_cents=sum(row.committed_cents for row in rows),
        spent_cents=sum(row.spent_cents for row in rows),
    )
