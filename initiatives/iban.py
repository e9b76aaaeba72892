"""Pure IBAN check: the ISO 13616 shape and its mod-97 check digits."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")


def normalise(text: str) -> str:
    """Upper case, without spaces."""
    return re.sub(r"\s+", "", text or "").upper()


def valid(text: str) -> bool:
    """Whether the IBAN has a valid shape and check digits."""
    iban = normalise(text)
    if not _SHAPE.match(iban):
        return False
    moved = iban[4:] + iban[:4]
    digits = "".join(str(int(char, 36)) for char in moved)
    return int(digits) % 97 == 1


def masked(text: str) -> str:
    """Only the last four characters, for pages and mail."""
    iban = normalise(text)
    return f"…{iban[-4:]}" if iban else ""
