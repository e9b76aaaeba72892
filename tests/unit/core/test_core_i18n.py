"""Translations: Dutch is the default, English the second, and nothing lacks a Dutch text."""

from __future__ import annotations

from app import i18n
from app.i18n_build import compile_catalog, missing_translations


def test_dutch_is_the_default_and_english_the_alternative() -> None:
    compile_catalog()
    i18n.translations.cache_clear()
    assert i18n.pick_language(None, "en-GB,en") == "nl"
    assert i18n.pick_language("en", None) == "en"
    assert i18n.pick_language("fr", None) == "nl"
    token = i18n.current_language.set("nl")
    try:
        assert i18n.gettext("Log in") == "Inloggen"
    finally:
        i18n.current_language.reset(token)
    token = i18n.current_language.set("en")
    try:
        assert i18n.gettext("Log in") == "Log in"
    finally:
        i18n.current_language.reset(token)


def test_every_message_in_code_and_templates_has_a_dutch_translation() -> None:
    assert missing_translations() == {}
