"""Translations: Dutch by default, English second; the current language lives in a context var."""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
# Dates and times are shown and entered in Dutch local time (stored in UTC).
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language (source strings are English)."""
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    """Translate a message into the current language."""
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count into the current language."""
    return translations(current_language.get()).ngettext(singular, plural, n)


_ = gettext


def pick_language(cookie_value: str | None, accept_language: str | None) -> str:
    """The language to serve: the remembered choice, else Dutch (the site's default)."""
    if cookie_value in LANGUAGES:
        return str(cookie_value)
    return DEFAULT_LANGUAGE
