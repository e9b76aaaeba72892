"""Translated texts chosen by key: confirmations shown after a redirect, role names."""

from __future__ import annotations

from app.i18n import _


def notice(key: str | None) -> str:
    """The message for a known key; unknown keys show nothing (no text is reflected)."""
    messages = {
        "wachtwoord-gewijzigd": _("Your password has been changed. Other devices are logged out."),
        "wachtwoord-hersteld": _("Your new password is set. You can log in with it now."),
        "postcode-gewijzigd": _("Your postcode has been changed."),
        "bevestiging-verstuurd": _("We have sent you a new confirmation link."),
        "rol-toegekend": _("The role has been granted."),
        "rol-ingetrokken": _("The role has been revoked."),
    }
    return messages.get(key or "", "")


def role_labels() -> dict[str, str]:
    """Plain-language names of the roles, in the request's language."""
    return {
        "resident": _("Resident"),
        "council": _("Council member"),
        "staff": _("Municipal staff"),
        "certifier": _("Certifier"),
        "admin": _("Administrator"),
    }
