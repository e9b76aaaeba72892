"""The typed rows `initiatives.queries` answers with (frozen: no reader changes another's copy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from initiatives.money import FundTotals


@dataclass(frozen=True, slots=True, kw_only=True)
class FundRow:
    """A fund with its budget line's name, amount, programme and year."""

    id: int
    budget_line_id: int
    line_name: str
    line_cents: int
    programme_id: int
    year: int
    area_code: str
    max_cents: int
    fast_limit_cents: int
    fast_weeks: int
    decision_dates: str
    advance_percent: int
    report_weeks: int
    deciders: str
    committee: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FundOverview(FundRow):
    """A fund with its totals as of now and its public initiatives."""

    totals: FundTotals
    initiatives: tuple[InitiativeRow, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class InitiativeRow:
    """An initiative (never its IBAN) with its fund's area code and year."""

    id: int
    fund: int
    number: str
    applicant: int | None
    applicant_name: str
    show_name: bool
    applicant_kind: str
    title: str
    description: str
    place: str
    held_on: date | None
    total_cents: int
    asked_cents: int
    own_cents: int
    other_funds_cents: int
    in_kind: str
    payee: str
    status: str
    submitted_at: datetime | None
    review_from: date | None
    deadline: date | None
    extended: bool
    escalated: bool
    advice: str
    outcome: str
    reasons: str
    conditions: str
    granted_cents: int
    decided_at: datetime | None
    report: str
    spent_cents: int
    reported_at: datetime | None
    accounted_at: datetime | None
    reminded_before: bool
    reminded_after: bool
    drawn_for_audit: str
    anonymised: bool
    created_at: datetime
    updated_at: datetime
    area_code: str
    year: int


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueItem(InitiativeRow):
    """An initiative in the deciders' queue with the days left to its deadline (None: none)."""

    days_left: int | None


@dataclass(frozen=True, slots=True)
class CoInitiatorRow:
    """A co-initiator and when they confirmed (None: not yet)."""

    id: int
    name: str
    email: str
    user_id: int | None
    confirmed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReactionRow:
    """A support or objection with the resident's name."""

    id: int
    user_id: int
    name: str
    kind: str
    reason: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A question or answer in an initiative's thread."""

    id: int
    author_name: str | None
    official: bool
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class VoteRow:
    """A decider's vote."""

    id: int
    member_id: int | None
    member_name: str
    choice: str


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """A payment or reclaim of an initiative (never the IBAN)."""

    id: int
    reference: str
    kind: str
    amount_cents: int
    status: str
    ordered_at: datetime
    confirmed_at: datetime | None


@dataclass(frozen=True, slots=True)
class PaymentOrder:
    """A payment ordered but not yet confirmed, with payee and IBAN, for the finance CSV."""

    id: int
    reference: str
    number: str
    kind: str
    payee: str
    iban: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class FileRow:
    """A stored file of an initiative (photo, report or receipt)."""

    id: int
    filename: str
    content_type: str
    alt_text: str


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A stored file by its name, with its initiative and kind."""

    filename: str
    content_type: str
    kind: str
    initiative_id: int


@dataclass(frozen=True, slots=True)
class DrawRow:
    """The audit draw of an area and quarter."""

    id: int
    area_code: str
    quarter: str
    slot: str
    seed: str
    percent: int
    drawn: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OpenInitiative:
    """A public initiative without personal data, for open data and the monitoring panel."""

    number: str
    area_code: str
    year: int
    title: str
    place: str
    status: str
    outcome: str
    asked_cents: int
    granted_cents: int
    paid_cents: int
