"""The reasons on a result page read as correct Dutch and English, one vote or many."""

from __future__ import annotations

import pytest

from app import i18n
from ballots.results.explain import reason_sentence


def _said(reason: str, language: str) -> str:
    token = i18n.current_language.set(language)
    try:
        return reason_sentence(reason, funded=False, show=str)
    finally:
        i18n.current_language.reset(token)


@pytest.mark.parametrize(
    ("score", "language", "expected"),
    [
        ("1", "nl", "Niet gekozen: 1 stem, minder dan het minimum van 3."),
        ("2", "nl", "Niet gekozen: 2 stemmen, minder dan het minimum van 3."),
        ("0", "nl", "Niet gekozen: 0 stemmen, minder dan het minimum van 3."),
        ("1", "en", "Not chosen: 1 vote, fewer than the minimum of 3."),
        ("2", "en", "Not chosen: 2 votes, fewer than the minimum of 3."),
    ],
)
def test_a_score_below_the_minimum_counts_votes_in_singular_and_plural(
    score: str, language: str, expected: str
) -> None:
    assert _said(f"score {score} is below the threshold 3", language) == expected
