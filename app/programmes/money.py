"""Money typed by people, pure: '12.500,00', '€ 12500' or '12,5' to integer cents, never floats."""

from __future__ import annotations

import re

MAX_CENTS = 100_000_000 * 100  # one hundred million euros

_NUMBER = re.compile(r"^(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<fraction>[0-9]{1,2}))?$")


class MoneyError(ValueError):
    """Raised for an amount that cannot be read or is out of bounds; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


EMPTY = "empty"
FORMAT = "format"
NEGATIVE = "negative"
TOO_LARGE = "too_large"


def parse_euros(raw: str) -> int:
    """Read an amount in euros written the Dutch way and return whole cents.

    Accepted: '12500', '12.500', '12.500,00', '12500,5', '€ 12.500'. The dot only groups
    thousands (so '12.50' is refused rather than guessed), the comma starts the cents.
    """
    text = (raw or "").strip().replace("\u00a0", " ")
    text = text.removeprefix("€").strip().replace(" ", "")
    if not text:
        raise MoneyError(EMPTY)
    if text.startswith("-"):
        raise MoneyError(NEGATIVE)
    match = _NUMBER.match(text)
    if match is None:
        raise MoneyError(FORMAT)
    whole = int(match.group("whole").replace(".", ""))
    fraction = (match.group("fraction") or "").ljust(2, "0")
    cents = whole * 100 + int(fraction)
    if cents > MAX_CENTS:
        raise MoneyError(TOO_LARGE)
    return cents


def format_euros_plain(cents: int) -> str:
    """Cents as the text a form field shows back, e.g. '12.500,00' (no currency sign)."""
    whole, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d}"


def format_euros(cents: int) -> str:
    """Cents for reading: "€ 18.000" for whole euros, "€ 18.000,50" otherwise."""
    text = format_euros_plain(cents).removesuffix(",00")
    return f"-€ {text[1:]}" if text.startswith("-") else f"€ {text}"
