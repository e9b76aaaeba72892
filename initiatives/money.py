"""Pure money rules: what a fund has left, the advance, and what is paid or reclaimed at the end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from initiatives.status import ACCOUNTED_FOR, CARRIED_OUT, GRANTED


@dataclass(frozen=True)
class Grant:
    """One initiative's money as the fund sees it, in cents."""

    status: str
    granted_cents: int
    spent_cents: int = 0


@dataclass(frozen=True)
class FundTotals:
    """A fund's line: its amount, what grants commit, what was paid, and what is left."""

    line_cents: int
    committed_cents: int
    paid_cents: int
    left_cents: int


def committed(grant: Grant) -> int:
    """What a grant holds on the line: the grant, or only what was used once accounted for."""
    if grant.status == ACCOUNTED_FOR:
        return min(grant.granted_cents, grant.spent_cents)
    if grant.status in (GRANTED, CARRIED_OUT):
        return grant.granted_cents
    return 0


def totals(line_cents: int, grants: Iterable[Grant], paid_cents: int) -> FundTotals:
    """Sum a fund's grants; `paid_cents` is confirmed payments minus confirmed reclaims."""
    held = sum(committed(grant) for grant in grants)
    return FundTotals(line_cents, held, paid_cents, line_cents - held)


def over_commits(line_cents: int, committed_cents: int, amount_cents: int) -> bool:
    """Whether granting this amount would commit more than the line holds."""
    return committed_cents + amount_cents > line_cents


def advance(granted_cents: int, percent: int) -> int:
    """The advance: this share of the grant, rounded down to whole cents."""
    return granted_cents * max(0, min(percent, 100)) // 100


@dataclass(frozen=True)
class Settlement:
    """What happens after the report: pay the rest, or reclaim unused money (never both)."""

    final_cents: int
    reclaim_cents: int
    used_cents: int


def settle(granted_cents: int, advance_paid_cents: int, spent_cents: int) -> Settlement:
    """Pay what was spent up to the grant, less the advance; reclaim an advance not spent."""
    used = max(0, min(granted_cents, spent_cents))
    if used >= advance_paid_cents:
        return Settlement(used - advance_paid_cents, 0, used)
    return Settlement(0, advance_paid_cents - used, used)


def amount_problems(
    total_cents: int, asked_cents: int, own_cents: int, other_cents: int, max_cents: int
) -> dict[str, str]:
    """Reason codes, keyed by field, why the amounts of an application do not add up."""
    problems: dict[str, str] = {}
    if asked_cents <= 0:
        problems["asked"] = "asked_missing"
    elif asked_cents > max_cents:
        problems["asked"] = "asked_over_max"
    elif asked_cents > total_cents:
        problems["asked"] = "asked_over_total"
    if total_cents > 0 and asked_cents + own_cents + other_cents < total_cents:
        problems["own"] = "not_covered"
    return problems
