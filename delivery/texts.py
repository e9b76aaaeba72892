"""Plain words for project statuses, translated when shown."""

from __future__ import annotations

from app.i18n import _


def status_word(status: str) -> str:
    """A project status in plain words (gepland, in uitvoering, opgeleverd, geannuleerd)."""
    words = {
        "planned": _("planned"),
        "in_progress": _("in progress"),
        "delivered": _("delivered"),
        "cancelled": _("cancelled"),
    }
    return words.get(status, status)
