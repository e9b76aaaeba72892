"""Pure checks of account input: Dutch postcodes, email addresses and names."""

from __future__ import annotations

import pytest

from app.accounts.validation import (
    email_problem,
    name_problem,
    normalise_email,
    normalise_postcode,
    postcode_problem,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("9712AB", "9712AB"), ("9712 ab", "9712AB"), (" 9751  tz ", "9751TZ"), ("1000AA", "1000AA")],
)
def test_postcodes_are_normalised(raw: str, expected: str) -> None:
    """Spaces go and letters are upper-cased."""
    assert expected == normalise_postcode(raw)


@pytest.mark.parametrize(
    "raw", ["0712AB", "971AB", "97123AB", "9712A", "9712 SA", "9712sd", "9712SS", "ABCDEF", ""]
)
def test_malformed_and_unissued_postcodes_are_refused(raw: str) -> None:
    """A leading zero, wrong lengths and the letters SA, SD and SS are not Dutch postcodes."""
    assert normalise_postcode(raw) is None
    assert postcode_problem(raw) is not None


def test_emails_are_lower_cased_and_checked() -> None:
    """Emails are compared lower-cased; malformed and overlong ones are refused."""
    assert normalise_email("  A.B@Example.NL ") == "a.b@example.nl"
    assert email_problem("a.b@example.nl") is None
    assert email_problem("no-at-sign.nl") is not None
    assert email_problem("two@@example.nl") is not None
    assert email_problem("x" * 250 + "@example.nl") is not None


def test_names_are_required_and_bounded() -> None:
    """A name is needed and at most 100 characters long."""
    assert name_problem("Anna de Vries") is None
    assert name_problem("") is not None
    assert name_problem("x" * 101) is not None
