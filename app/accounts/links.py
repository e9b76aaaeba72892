"""Absolute links to the emailed account pages (mail has no request to build URLs from)."""

from __future__ import annotations

from app.runtime import current_settings

CONFIRM_PATH = "/account/bevestigen"
RESET_PATH = "/account/wachtwoord-herstellen"


def confirm_link(token: str) -> str:
    """The link that confirms an email address."""
    return f"{current_settings().base_url}{CONFIRM_PATH}/{token}"


def reset_link(token: str) -> str:
    """The link that opens the new-password form."""
    return f"{current_settings().base_url}{RESET_PATH}/{token}"
