"""Pure rules: money, deadlines, statuses, the audit draw, IBANs, payment files, CSV cells."""

from __future__ import annotations

from datetime import date

import pytest

from initiatives import deadlines, draw, iban, money, payorders
from initiatives import status as st

RULES = deadlines.Rules(
    fast_limit_cents=500_000,
    fast_weeks=4,
    decision_dates=(date(2026, 3, 1), date(2026, 6, 1), date(2026, 10, 1)),
    report_weeks=4,
)


def test_small_requests_are_due_in_four_weeks_large_ones_on_the_next_date() -> None:
    """Under the limit: four weeks; at or over it: the next fixed date two weeks ahead."""
    start = date(2026, 5, 10)
    assert deadlines.decision_deadline(RULES, 499_999, start) == date(2026, 6, 7)
    assert deadlines.decision_deadline(RULES, 500_000, start) == date(2026, 6, 1)
    assert deadlines.decision_deadline(RULES, 500_000, date(2026, 5, 20)) == date(2026, 10, 1)
    assert deadlines.decision_deadline(RULES, 500_000, date(2026, 10, 1)) is None


def test_only_a_small_request_is_extended_and_only_once() -> None:
    """The extension adds the same weeks, once, for small requests."""
    assert deadlines.can_extend(RULES, 100_000, already_extended=False)
    assert not deadlines.can_extend(RULES, 100_000, already_extended=True)
    assert not deadlines.can_extend(RULES, 600_000, already_extended=False)
    assert deadlines.extended(RULES, date(2026, 6, 7)) == date(2026, 7, 5)


def test_a_deadline_is_overdue_the_day_after() -> None:
    """The deadline day itself is still in time."""
    assert not deadlines.overdue(date(2026, 6, 7), date(2026, 6, 7))
    assert deadlines.overdue(date(2026, 6, 7), date(2026, 6, 8))
    assert not deadlines.overdue(None, date(2026, 6, 8))


@pytest.mark.parametrize(
    ("today", "before", "after", "expected"),
    [
        (date(2026, 6, 20), False, False, None),
        (date(2026, 6, 24), False, False, "before"),
        (date(2026, 6, 24), True, False, None),
        (date(2026, 7, 2), True, False, "after"),
        (date(2026, 7, 2), True, True, None),
    ],
)
def test_report_reminders(today: date, before: bool, after: bool, expected: str | None) -> None:
    """A week before the report is due, and once after; never twice."""
    due = deadlines.report_deadline(RULES, date(2026, 6, 1))
    assert due == date(2026, 6, 29)
    assert deadlines.reminder_due(due, today, before, after) == expected


def test_receipts_are_kept_seven_years() -> None:
    """Seven years after the accounting, also from 29 February."""
    assert deadlines.receipts_keep_until(date(2026, 12, 3)) == date(2033, 12, 3)
    assert deadlines.receipts_keep_until(date(2028, 2, 29)) == date(2035, 2, 28)


def test_the_line_cannot_be_over_committed() -> None:
    """Committing exactly the line is fine; one cent more is not."""
    assert not money.over_commits(1_000_000, 600_000, 400_000)
    assert money.over_commits(1_000_000, 600_000, 400_001)


def test_what_a_grant_commits_follows_its_status() -> None:
    """A grant holds its amount; once accounted for only what was used; refused nothing."""
    assert money.committed(money.Grant(st.GRANTED, 100_000)) == 100_000
    assert money.committed(money.Grant(st.ACCOUNTED_FOR, 100_000, 80_000)) == 80_000
    assert money.committed(money.Grant(st.ACCOUNTED_FOR, 100_000, 120_000)) == 100_000
    assert money.committed(money.Grant(st.REFUSED, 0)) == 0


@pytest.mark.parametrize(
    ("granted", "advance", "spent", "final", "reclaim"),
    [
        (100_000, 50_000, 100_000, 50_000, 0),
        (100_000, 50_000, 150_000, 50_000, 0),
        (100_000, 50_000, 30_000, 0, 20_000),
        (100_000, 50_000, 50_000, 0, 0),
    ],
)
def test_settlement(granted: int, advance: int, spent: int, final: int, reclaim: int) -> None:
    """Pay what was spent up to the grant, less the advance; reclaim the unspent advance."""
    settled = money.settle(granted, advance, spent)
    assert (settled.final_cents, settled.reclaim_cents) == (final, reclaim)


def test_the_advance_is_half_by_default_rounded_down() -> None:
    """Half of 1,000.01 is 500.00 (never more than the share)."""
    assert money.advance(100_001, 50) == 50_000
    assert money.advance(100_000, 150) == 100_000


def test_amount_problems() -> None:
    """Asked must be positive, within the fund's maximum and the cost; the cost covered."""
    assert money.amount_problems(150_000, 100_000, 50_000, 0, 500_000) == {}
    assert money.amount_problems(150_000, 0, 0, 0, 500_000)["asked"] == "asked_missing"
    assert money.amount_problems(900_000, 600_000, 300_000, 0, 500_000)["asked"] == "asked_over_max"
    assert money.amount_problems(100_000, 150_000, 0, 0, 500_000)["asked"] == "asked_over_total"
    assert money.amount_problems(150_000, 100_000, 0, 0, 500_000)["own"] == "not_covered"


def test_status_steps() -> None:
    """A refused or accounted initiative is final; a grant cannot be withdrawn."""
    assert st.can_move(st.IN_REVIEW, st.GRANTED)
    assert not st.can_move(st.GRANTED, st.WITHDRAWN)
    assert not st.can_move(st.REFUSED, st.GRANTED)
    assert st.status_after_decision(st.OUTCOME_PART) == st.GRANTED


def test_the_votes_carry_an_outcome() -> None:
    """More for than against grants; otherwise only a refusal holds; no votes, nothing."""
    assert st.decision_holds(st.OUTCOME_GRANTED, {"for": 2, "against": 1})
    assert not st.decision_holds(st.OUTCOME_GRANTED, {"for": 1, "against": 1})
    assert st.decision_holds(st.OUTCOME_REFUSED, {"for": 1, "against": 1})
    assert not st.decision_holds(st.OUTCOME_REFUSED, {})


def test_the_audit_draw_is_reproducible() -> None:
    """The same seed draws the same share; another seed may draw others; 10% of 25 is 3."""
    numbers = [f"INI-2026-{n:04d}" for n in range(1, 26)]
    first = draw.draw(numbers, 10, "zaad-2026Q4")
    assert first == draw.draw(list(reversed(numbers)), 10, "zaad-2026Q4")
    assert len(first) == 3
    assert set(first) <= set(numbers)
    assert draw.draw([], 10, "x") == []
    assert len(draw.draw(numbers[:2], 10, "x")) == 1


def test_quarters() -> None:
    """2026Q4 runs from October to December; other spellings are refused."""
    assert draw.parse_quarter("2026Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert draw.parse_quarter("2026q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert draw.quarter_of(date(2026, 5, 5)) == "2026Q2"
    with pytest.raises(ValueError):
        draw.parse_quarter("2026-4")


def test_iban_check_digits() -> None:
    """A valid Dutch IBAN passes, one changed digit fails; only the end is shown."""
    assert iban.valid("NL91 ABNA 0417 1643 00")
    assert not iban.valid("NL91ABNA0417164301")
    assert iban.masked("NL91ABNA0417164300") == "…4300"


def test_reading_the_confirmation_file() -> None:
    """Reference and amount per line, comma or semicolon separated; bad lines are named."""
    found, problems = payorders.read_confirmations(
        "reference;amount\nINI-2026-0001-A;500,00\nINI-2026-0002-A;abc\nINI-2026-0001-A;1\n"
    )
    assert [(c.reference, c.cents) for c in found] == [("INI-2026-0001-A", 50_000)]
    assert problems == {"line 3": "bad_amount", "line 4": "duplicate"}
    assert payorders.read_confirmations("x,y\n1,2\n") == ([], {"file": "no_columns"})
    assert payorders.amount_text(50_005) == "500.05"


def test_photos_are_re_encoded_without_their_position_and_fakes_refused() -> None:
    """A phone photo loses its GPS tags and camera; bytes that only look like a JPEG are refused."""
    from initiatives import files
    from tests.support.images import jpeg_with_gps

    photo = jpeg_with_gps()
    kept = files.accepted(photo)
    assert kept is not None
    kind, data = kept
    assert kind == "image/jpeg"
    assert b"WijkstemCam" in photo
    assert b"WijkstemCam" not in data
    assert b"secret comment" not in data
    assert files.accepted(b"\xff\xd8\xff\xe0" + b"0" * 64) is None
    assert files.accepted(b"%PDF-1.4\n") == ("application/pdf", b"%PDF-1.4\n")
