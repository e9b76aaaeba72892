"""The typed rows `delivery.queries` answers with (frozen, so no reader changes another's copy)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from app.rounds.queries import RoundView
from delivery.rules import Progress


@dataclass(frozen=True, slots=True)
class FundedOption:
    """One funded option of a certified result, as the `result.certified` event carries it."""

    project_key: str
    title: str
    amount_cents: int
    proposal_id: int | None

    @classmethod
    def parse(cls, raw: Mapping[str, object]) -> FundedOption:
        """Read one entry of the event's `funded` list; ValueError when it is malformed."""
        try:
            proposal_id = raw.get("proposal_id")
            return cls(
                project_key=str(raw["project_key"]).strip(),
                title=str(raw["title"]).strip(),
                amount_cents=int(str(raw["amount_cents"])),
                proposal_id=None if proposal_id is None else int(str(proposal_id)),
            )
        except (KeyError, ValueError) as error:
            raise ValueError(f"funded option {raw!r} is malformed") from error


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A planned step of a project, and when it was reached (or None)."""

    id: int
    title: str
    planned_on: date | None
    reached_on: date | None
    note: str


@dataclass(frozen=True, slots=True)
class ProjectPhotoRow:
    """A photo of a project, oldest first."""

    id: int
    filename: str
    content_type: str
    alt_text: str


@dataclass(frozen=True, slots=True)
class StoredProjectPhoto:
    """A stored project photo's file name and type."""

    filename: str
    content_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectRow:
    """A funded project with its programme, line, round and area, and its money in cents."""

    id: int
    programme_id: int
    programme_title: str
    budget_line_id: int | None
    round_id: int
    round_title: str
    area_code: str
    area_name: str
    certificate_id: int
    proposal_id: int | None
    project_key: str
    title: str
    amount_cents: int
    committed_cents: int
    spent_cents: int
    status: str
    cancel_reason: str
    demo: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectDetail(ProjectRow):
    """A project with its area's lineage (own code first), milestones and photos."""

    lineage: tuple[str, ...]
    milestones: tuple[MilestoneRow, ...]
    photos: tuple[ProjectPhotoRow, ...]


@dataclass(frozen=True, slots=True)
class LineRef:
    """A budget line as delivery needs it."""

    id: int
    programme_id: int
    kind: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class LineDelivery:
    """A resident line with its projects, their progress and what remains (amount - used)."""

    id: int
    programme_id: int
    kind: str
    amount_cents: int
    projects: tuple[ProjectRow, ...]
    progress: Progress
    remaining_cents: int


@dataclass(frozen=True, slots=True)
class RoundDelivery:
    """A round with its funded projects and their progress."""

    round: RoundView
    projects: tuple[ProjectRow, ...]
    progress: Progress


@dataclass(frozen=True, slots=True)
class ProjectFollower:
    """Someone who follows a project: the follow's id and pair, and how to write to them."""

    id: int
    pair: str
    email: str
    name: str
    language: str


@dataclass(frozen=True, slots=True)
class ProjectMoney:
    """A project's round, status, and decided and spent cents (for monitoring)."""

    round: int
    status: str
    amount_cents: int
    spent_cents: int
