"""Dutch postcode parsing and range matching (pure, no database)."""

from __future__ import annotations

import pytest

from app.areas.postcodes import (
    DIGITS,
    EMPTY,
    LETTERS,
    SHAPE,
    Postcode,
    PostcodeError,
    in_range,
    normalise_postcode,
    parse_postcode,
    ranges_overlap,
)


@pytest.mark.parametrize("raw", ["9712AB", "9712 AB", "9712ab", " 9712 aB ", "9712 AB "])
def test_accepts_common_spellings(raw: str) -> None:
    """Case, one space and surrounding blanks do not matter."""
    assert Postcode(9712, "AB") == parse_postcode(raw)
    assert normalise_postcode(raw) == "9712AB"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", EMPTY),
        ("   ", EMPTY),
        ("9712", SHAPE),
        ("9712 A", SHAPE),
        ("9712  AB", SHAPE),
        ("97120AB", SHAPE),
        ("AB 9712", SHAPE),
        ("9712-AB", SHAPE),
        ("９７１２AB", SHAPE),
        ("0999 AB", DIGITS),
        ("0123AB", DIGITS),
        ("9712 SA", LETTERS),
        ("9712 sd", LETTERS),
        ("9712SS", LETTERS),
    ],
)
def test_refuses_what_is_not_a_postcode(raw: str, reason: str) -> None:
    """Each kind of bad input is refused with its reason."""
    with pytest.raises(PostcodeError) as caught:
        parse_postcode(raw)
    assert reason == caught.value.reason
    assert normalise_postcode(raw) is None


def test_lowest_and_highest_digits() -> None:
    """1000 and 9999 are the bounds of the digits."""
    assert parse_postcode("1000AA").digits == 1000
    assert parse_postcode("9999ZZ").digits == 9999


def test_display_form() -> None:
    """People read the postcode with a space."""
    assert parse_postcode("9712ab").display == "9712 AB"


def test_in_range_is_inclusive_and_per_digits() -> None:
    """A range includes both letter bounds and only its own four digits."""
    assert in_range(Postcode(9713, "AA"), 9713, "AA", "KZ")
    assert in_range(Postcode(9713, "KZ"), 9713, "AA", "KZ")
    assert not in_range(Postcode(9713, "LA"), 9713, "AA", "KZ")
    assert not in_range(Postcode(9714, "AB"), 9713, "AA", "ZZ")


def test_ranges_overlap() -> None:
    """Two ranges overlap only on the same digits with shared letters."""
    assert ranges_overlap((9713, "AA", "KZ"), (9713, "KA", "ZZ"))
    assert not ranges_overlap((9713, "AA", "KZ"), (9713, "LA", "ZZ"))
    assert not ranges_overlap((9713, "AA", "ZZ"), (9714, "AA", "ZZ"))
