"""One date format for every page: Dutch local time, written out ("12 maart 2026, 19:30")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_date, format_datetime

from app.i18n import LOCAL_TIME, current_language, ngettext

DATETIME_PATTERN = "d MMMM y, HH:mm"
DATE_PATTERN = "d MMMM y"


def local_datetime(moment: datetime | None) -> str:
    """A moment in Europe/Amsterdam time, e.g. "12 maart 2026, 19:30" (empty for None)."""
    if moment is None:
        return ""
    return format_datetime(
        moment, DATETIME_PATTERN, tzinfo=LOCAL_TIME, locale=current_language.get()
    )


def local_date(day: date | datetime | None) -> str:
    """A day, e.g. "12 maart 2026" (a datetime is first put in Dutch local time)."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone(LOCAL_TIME).date()
    return format_date(day, DATE_PATTERN, locale=current_language.get())


def time_left(now: datetime, until: datetime) -> str:
    """How long is left in words: "3 dagen", "5 uur", or "" once the moment has passed."""
    left = until - now
    if left <= timedelta(0):
        return ""
    if left < timedelta(hours=1):
        minutes = max(1, left.seconds // 60)
        return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}
    if left < timedelta(days=2):
        hours = left.days * 24 + left.seconds // 3600
        return ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours}
    return ngettext("%(num)d day", "%(num)d days", left.days) % {"num": left.days}
