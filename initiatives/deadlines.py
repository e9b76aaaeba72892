"""Pure deadline rules: when a decision is due, its one extension, reports, reminders, retention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

RECEIPT_YEARS = 7  # the Dutch fiscal retention period
REMIND_BEFORE_DAYS = 7


@dataclass(frozen=True)
class Rules:
    """The deadline rules of one fund."""

    fast_limit_cents: int
    fast_weeks: int
    decision_dates: tuple[date, ...]
    report_weeks: int


def parse_dates(text: str) -> tuple[date, ...]:
    """Fixed decision dates from space- or comma-separated ISO dates; ValueError if malformed."""
    parts = [part for part in text.replace(",", " ").split() if part]
    return tuple(sorted(date.fromisoformat(part) for part in parts))


def decision_deadline(rules: Rules, amount_cents: int, review_from: date) -> date | None:
    """A small request: weeks after review starts. A larger one: the next fixed decision date.

    None when no fixed date lies ahead (staff must set new dates).
    """
    if amount_cents < rules.fast_limit_cents:
        return review_from + timedelta(weeks=rules.fast_weeks)
    ahead = [day for day in rules.decision_dates if day >= review_from + timedelta(days=14)]
    return ahead[0] if ahead else None


def extended(rules: Rules, deadline: date) -> date:
    """The deadline after its single extension by the same number of weeks."""
    return deadline + timedelta(weeks=rules.fast_weeks)


def can_extend(rules: Rules, amount_cents: int, already_extended: bool) -> bool:
    """Only a small request's deadline may be extended, and only once."""
    return amount_cents < rules.fast_limit_cents and not already_extended


def overdue(deadline: date | None, today: date) -> bool:
    """Whether a decision deadline has passed."""
    return deadline is not None and today > deadline


def report_deadline(rules: Rules, held_on: date) -> date:
    """The report is due this many weeks after the initiative's date."""
    return held_on + timedelta(weeks=rules.report_weeks)


def reminder_due(due: date, today: date, sent_before: bool, sent_after: bool) -> str | None:
    """'before' a week ahead of the report deadline, 'after' once it passed; None otherwise."""
    if today > due and not sent_after:
        return "after"
    if due - timedelta(days=REMIND_BEFORE_DAYS) <= today <= due and not sent_before:
        return "before"
    return None


def receipts_keep_until(accounted_on: date) -> date:
    """Receipts are kept seven years after the initiative was accounted for."""
    try:
        return accounted_on.replace(year=accounted_on.year + RECEIPT_YEARS)
    except ValueError:  # 29 February
        return accounted_on.replace(year=accounted_on.year + RECEIPT_YEARS, day=28)


def personal_data_expired(closed_on: date, today: date, retention_days: int) -> bool:
    """Whether a refused or withdrawn application's personal data is past its retention period."""
    return today >= closed_on + timedelta(days=retention_days)


def days_left(deadline: date | None, today: date) -> int | None:
    """Days until a deadline (negative once passed), for the countdown in the queue."""
    return None if deadline is None else (deadline - today).days


def earliest(days: Iterable[date | None]) -> date | None:
    """The earliest of some optional dates."""
    present = [day for day in days if day is not None]
    return min(present) if present else None
