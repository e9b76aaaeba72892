"""Dutch postcodes, pure: parse and normalise '9712 AB', and match them against letter ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letter pairs PostNL never issues (they recall the Second World War).
NEVER_ISSUED = frozenset({"SA", "SD", "SS"})

_SHAPE = re.compile(r"^([0-9]{4}) ?([A-Za-z]{2})$")
_LETTERS = re.compile(r"^[A-Z]{2}$")


class PostcodeError(ValueError):
    """Raised for text that is not a Dutch postcode; `reason` says why, for the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Reasons a postcode is refused; services turn them into translated messages.
EMPTY = "empty"
SHAPE = "shape"
DIGITS = "digits"
LETTERS = "letters"


@dataclass(frozen=True, order=True)
class Postcode:
    """A valid postcode: four digits (1000 to 9999) and two capital letters."""

    digits: int
    letters: str

    def __str__(self) -> str:
        return f"{self.digits}{self.letters}"

    @property
    def display(self) -> str:
        """The form people write: '9712 AB'."""
        return f"{self.digits} {self.letters}"


def parse_postcode(raw: str) -> Postcode:
    """Parse '9712 AB', '9712ab' or ' 9712AB '; raise PostcodeError with a reason otherwise."""
    text = (raw or "").strip()
    if not text:
        raise PostcodeError(EMPTY)
    match = _SHAPE.match(text)
    if match is None:
        raise PostcodeError(SHAPE)
    digits = int(match.group(1))
    if digits < 1000:
        raise PostcodeError(DIGITS)
    letters = match.group(2).upper()
    if letters in NEVER_ISSUED:
        raise PostcodeError(LETTERS)
    return Postcode(digits=digits, letters=letters)


def normalise_postcode(raw: str) -> str | None:
    """The stored form '9712AB', or None when the text is not a valid postcode."""
    try:
        return str(parse_postcode(raw))
    except PostcodeError:
        return None


def valid_letters(letters: str) -> bool:
    """Whether a range bound is two capital letters."""
    return bool(_LETTERS.match(letters))


def in_range(postcode: Postcode, digits: int, letters_from: str, letters_to: str) -> bool:
    """Whether the postcode lies in the range NNNN letters_from..letters_to (inclusive)."""
    return postcode.digits == digits and letters_from <= postcode.letters <= letters_to


def ranges_overlap(a: tuple[int, str, str], b: tuple[int, str, str]) -> bool:
    """Whether two ranges (digits, letters_from, letters_to) share any postcode."""
    return a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2]
