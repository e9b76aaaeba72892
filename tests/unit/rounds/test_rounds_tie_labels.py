"""Every tie order reads as a sentence in the page's language, never as its identifier."""

from __future__ import annotations

import pytest

from app import i18n
from app.rounds.rules import TIE_BREAKS
from app.rounds.texts import tie_label

ORDERS = (*TIE_BREAKS, "lot:2026")
DUTCH = {
    "lexicographic": "Volgens de volgorde van de voorstellen op het stembiljet",
    "equalshares": "Zoals de Methode van Gelijke Aandelen voorschrijft",
    "lot:2026": "Door loting, met het gepubliceerde startgetal 2026",
}
ENGLISH = {
    "lexicographic": "By the proposals' order on the ballot",
    "equalshares": "As the Method of Equal Shares prescribes",
    "lot:2026": "By lot, with the published seed 2026",
}


@pytest.mark.parametrize(("language", "expected"), [("nl", DUTCH), ("en", ENGLISH)])
def test_every_tie_order_has_words_in_both_languages(
    language: str, expected: dict[str, str]
) -> None:
    i18n.translations.cache_clear()
    token = i18n.current_language.set(language)
    try:
        assert {order: tie_label(order) for order in ORDERS} == expected
    finally:
        i18n.current_language.reset(token)
