"""The typed rows `proposals.queries` answers with (frozen, so no reader changes another's copy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposalSummary:
    """A proposal as lists show it."""

    id: int
    round_id: int
    title: str
    summary: str
    cost_cents: int
    status: str
    support_count: int
    comment_count: int
    author_id: int | None
    area_code: str | None
    area_name: str | None
    category: str
    hidden: str
    merged_into: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposalCard(ProposalSummary):
    """A proposal on the list page, with its first photo (file name and alt text, or empty)."""

    photo: str
    photo_alt: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposalRow(ProposalSummary):
    """One proposal with its current text, author's name and pin."""

    description: str
    version: int
    age_confirmed: bool
    lat: float | None
    lon: float | None
    updated_at: datetime
    author_name: str | None


@dataclass(frozen=True, slots=True)
class AreaChoice:
    """An area a proposal in the round may concern: the round's own area or one below it."""

    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class VersionRow:
    """One kept version of a proposal's text."""

    id: int
    proposal: int
    version: int
    title: str
    summary: str
    description: str
    cost_cents: int
    category: str
    area_code: str
    edited_by: int | None
    edited_at: datetime


@dataclass(frozen=True, slots=True)
class StatusChangeRow:
    """A status change with its public reason."""

    id: int
    proposal: int
    status: str
    reason: str
    changed_cost_cents: int | None
    scope_note: str
    actor: int | None
    official: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PhotoRow:
    """A photo of a proposal, in upload order."""

    id: int
    filename: str
    content_type: str
    alt_text: str


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    """A stored photo's type and whether its proposal is hidden (its reason, or empty)."""

    content_type: str
    hidden: str


@dataclass(frozen=True, slots=True)
class ProposalLink:
    """A proposal named by its number and title."""

    id: int
    title: str


@dataclass(frozen=True, slots=True)
class MapRow:
    """A visible proposal for the round's map."""

    id: int
    title: str
    status: str
    area_code: str | None
    lat: float | None
    lon: float | None
