"""Response schemas of the open data API: explicit fields, money in integer euro cents."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

import msgspec

from app.jsontypes import JSONObject


class RoundOut(msgspec.Struct):
    """A published budget round; `year` is the year voting starts (else of its creation)."""

    id: int
    title: str
    description: str
    area_code: str
    area_name: str
    year: int
    phase: str
    amount_cents: int
    ballot_type: str
    counting_rule: str
    proposing_starts: datetime | None
    voting_starts: datetime | None
    counting_starts: datetime | None
    unverified_poll: bool  # no voter register: who voted was not checked ("unverified poll")


class RoundDetailOut(RoundOut):
    """A round with its rules and how many proposals and participations it has."""

    reviewing_starts: datetime | None = None
    deliberating_starts: datetime | None = None
    max_cost_cents: int = 0
    categories: list[str] = msgspec.field(default_factory=list)
    ballot_min: int = 0
    ballot_max: int = 0
    ballot_cost_limit_cents: int = 0
    points_total: int = 0
    tie_break: str = ""
    proposals: int = 0
    participations: int = 0
    certified: bool = False


class ProposalOut(msgspec.Struct):
    """A proposal as published; the author is deliberately not part of open data."""

    id: int
    round_id: int
    title: str
    summary: str
    description: str
    cost_cents: int
    category: str
    area_code: str | None
    area_name: str | None
    status: str
    support_count: int
    comment_count: int
    merged_into: int | None
    created_at: datetime


class StatusChangeOut(msgspec.Struct):
    """A public status change of a proposal with its reason."""

    status: str
    reason: str
    at: datetime


class ProposalDetailOut(ProposalOut):
    """A proposal with its public status history, oldest first."""

    history: list[StatusChangeOut] = msgspec.field(default_factory=list)


class FundedOut(msgspec.Struct):
    """A project a certified result funded."""

    project_key: str
    proposal_id: int | None
    title: str
    cost_cents: int


class ResultOut(msgspec.Struct):
    """The certified result of a round: rule, money, aggregate counts and the funded list."""

    round_id: int
    round_title: str
    area_code: str
    result_id: int
    certificate_id: int | None
    certified_at: datetime | None
    rule: str
    unverified_poll: bool  # counted from an unverified poll (no voter register)
    budget_cents: int
    funded_cents: int
    ballots_sha256: str
    counts: dict[str, int]
    funded: list[FundedOut]


class CertificateOut(msgspec.Struct):
    """A certificate's identity: its hash and the audit chain head when it was appended."""

    id: int
    round_id: int
    result_id: int
    sha256: str
    audit_head: str
    corrects: int | None
    created_at: datetime


class CertificateDetailOut(CertificateOut):
    """A certificate with its body: `body_text` is the exact published text `sha256` covers."""

    body_text: str = ""
    body: JSONObject = msgspec.field(default_factory=dict)


class MilestoneOut(msgspec.Struct):
    """A planned or reached step of a project."""

    id: int
    title: str
    planned_on: date | None
    reached_on: date | None
    note: str


class ProjectOut(msgspec.Struct):
    """A funded project in delivery; `year` is the year of its area programme."""

    id: int
    title: str
    round_id: int
    programme_id: int
    area_code: str
    area_name: str
    year: int
    certificate_id: int
    proposal_id: int | None
    project_key: str
    amount_cents: int
    committed_cents: int
    spent_cents: int
    status: str
    cancel_reason: str
    updated_at: datetime


class ProjectDetailOut(ProjectOut):
    """A project with its milestones."""

    milestones: list[MilestoneOut] = msgspec.field(default_factory=list)


class RoundPage(msgspec.Struct):
    """One page of rounds: `total` matches the filter, `items` has at most `limit`."""

    total: int
    limit: int
    offset: int
    items: list[RoundOut]


class ProposalPage(msgspec.Struct):
    """One page of proposals."""

    total: int
    limit: int
    offset: int
    items: list[ProposalOut]


class ResultPage(msgspec.Struct):
    """One page of certified results."""

    total: int
    limit: int
    offset: int
    items: list[ResultOut]


class CertificatePage(msgspec.Struct):
    """One page of certificates."""

    total: int
    limit: int
    offset: int
    items: list[CertificateOut]


class ProjectPage(msgspec.Struct):
    """One page of projects."""

    total: int
    limit: int
    offset: int
    items: list[ProjectOut]


S = TypeVar("S", bound=msgspec.Struct)


def nested(row: JSONObject, key: str) -> list[JSONObject]:
    """The list of rows a row holds under `key` (a result's funded projects, a history)."""
    found = row.get(key)
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, dict)]


def pick(struct: type[S], row: JSONObject, **extra: object) -> S:
    """Build a struct from the row keys it declares (so nothing else can leak into it)."""
    fields = {name: row[name] for name in struct.__struct_fields__ if name in row}
    return struct(**{**fields, **extra})
