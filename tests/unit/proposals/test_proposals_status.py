"""Statuses have plain Dutch words, and only the allowed changes between them are possible."""

from __future__ import annotations

import pytest

from app.i18n import current_language
from proposals import status


def test_every_status_has_a_plain_dutch_word() -> None:
    words = {s: status.status_word(s) for s in status.STATUSES}
    assert words == {
        "submitted": "Ingediend",
        "feasible": "Haalbaar",
        "feasible_changed": "Haalbaar met aanpassing",
        "not_feasible": "Niet haalbaar",
        "merged": "Samengevoegd",
        "withdrawn": "Ingetrokken",
        "on_ballot": "Op het stembiljet",
    }
    assert all(status.status_explanation(s) for s in status.STATUSES)


def test_english_words_are_the_source_text() -> None:
    token = current_language.set("en")
    try:
        assert status.status_word("feasible_changed") == "Feasible with changes"
    finally:
        current_language.reset(token)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("submitted", "feasible", True),
        ("submitted", "merged", True),
        ("submitted", "withdrawn", True),
        ("submitted", "on_ballot", False),
        ("feasible", "on_ballot", True),
        ("feasible", "feasible", False),
        ("not_feasible", "feasible", True),
        ("not_feasible", "on_ballot", False),
        ("on_ballot", "withdrawn", False),
        ("on_ballot", "feasible", True),
        ("withdrawn", "submitted", False),
        ("merged", "feasible", False),
        ("unknown", "feasible", False),
    ],
)
def test_transitions(current: str, target: str, allowed: bool) -> None:
    assert status.can_change(current, target) is allowed


def test_only_submitted_proposals_are_editable_and_final_ones_are_final() -> None:
    assert [s for s in status.STATUSES if status.is_editable(s)] == ["submitted"]
    assert {s for s in status.STATUSES if status.is_final(s)} == {"merged", "withdrawn"}
