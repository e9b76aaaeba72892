"""Pure checks of account input: email, name and Dutch postcodes (no I/O, no clock)."""

from __future__ import annotations

import re

from app.areas import postcodes
from app.i18n import _

MAX_NAME = 100
MAX_EMAIL = 254

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalise_email(email: str) -> str:
    """The stored form of an email address: trimmed and lower-cased."""
    return email.strip().lower()


def normalise_postcode(postcode: str) -> str | None:
    """'9712 ab' -> '9712AB'; None when it is not a Dutch postcode that is issued."""
    return postcodes.normalise_postcode("".join(postcode.split()))


def email_problem(email: str) -> str | None:
    """Why an email address is refused, or None."""
    if not email:
        return _("Enter your email address.")
    if len(email) > MAX_EMAIL:
        return _("The email address may be at most 254 characters long.")
    if not _EMAIL.fullmatch(email):
        return _("Enter an email address like name@example.nl.")
    return None


def name_problem(name: str) -> str | None:
    """Why a display name is refused, or None."""
    if not name:
        return _("Enter your name.")
    if len(name) > MAX_NAME:
        return _("The name may be at most 100 characters long.")
    return None


def postcode_problem(postcode: str) -> str | None:
    """Why a postcode is refused, or None."""
    if not postcode:
        return _("Enter your postcode.")
    if normalise_postcode(postcode) is None:
        return _("Enter a Dutch postcode: four digits and two letters, like 9712 AB.")
    return None
