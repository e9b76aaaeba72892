"""Money typed in euros becomes exact integer cents (pure, no floats)."""

from __future__ import annotations

import pytest

from app.programmes.money import (
    EMPTY,
    FORMAT,
    MAX_CENTS,
    NEGATIVE,
    TOO_LARGE,
    MoneyError,
    format_euros_plain,
    parse_euros,
)


@pytest.mark.parametrize(
    ("raw", "cents"),
    [
        ("12500", 1_250_000),
        ("12.500", 1_250_000),
        ("12.500,00", 1_250_000),
        ("12500,5", 1_250_050),
        ("12500,05", 1_250_005),
        ("€ 12.500,99", 1_250_099),
        ("€12500", 1_250_000),
        ("0", 0),
        ("0,01", 1),
        ("1.234.567,89", 123_456_789),
        ("100.000.000,00", MAX_CENTS),
        ("  7 ", 700),
    ],
)
def test_reads_dutch_amounts_exactly(raw: str, cents: int) -> None:
    """Thousands dots and a decimal comma give exact cents."""
    assert cents == parse_euros(raw)


def test_no_float_rounding() -> None:
    """0,29 euro is 29 cents (a float route would give 28)."""
    assert parse_euros("0,29") == 29
    assert parse_euros("19.999.999,99") == 1_999_999_999


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", EMPTY),
        ("€", EMPTY),
        ("-5", NEGATIVE),
        ("-0,01", NEGATIVE),
        ("100.000.000,01", TOO_LARGE),
        ("999999999999", TOO_LARGE),
        ("12.50", FORMAT),
        ("12,500", FORMAT),
        ("1,2,3", FORMAT),
        ("12.5000", FORMAT),
        ("1e6", FORMAT),
        ("twaalf", FORMAT),
        ("12,", FORMAT),
        ("NaN", FORMAT),
    ],
)
def test_refuses_bad_amounts(raw: str, reason: str) -> None:
    """Negative, too large and unreadable amounts are refused with a reason."""
    with pytest.raises(MoneyError) as caught:
        parse_euros(raw)
    assert reason == caught.value.reason


@pytest.mark.parametrize("cents", [0, 1, 99, 100, 1_250_000, 123_456_789, MAX_CENTS])
def test_round_trip(cents: int) -> None:
    """What a form shows back reads as the same amount."""
    assert cents == parse_euros(format_euros_plain(cents))
