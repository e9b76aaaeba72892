"""Reading the round form: Amsterdam times to UTC, exact money, lists and kept values."""

from __future__ import annotations

from datetime import UTC, datetime

from app.rounds import forms
from app.rounds.forms import RoundInput, parse_round_form

VALID = {
    "title": "Buurtbudget Test 2026",
    "amount": "12.500,50",
    "budget_line": "7",
    "proposing_starts": "2026-01-10T19:00",
    "voting_starts": "2026-07-01T09:30",
    "categories": "Groen, spelen ,groen,, Verkeer",
    "ballot_type": "approval",
    "counting_rule": "mes-add1",
    "opt_exhaustive_stop": "0",
    "opt_then_greedy": "1",
    "allow_blank": "0",
}


def test_local_times_become_utc_in_winter_and_summer() -> None:
    assert datetime(2026, 1, 10, 18, 0, tzinfo=UTC) == forms.parse_local("2026-01-10T19:00")
    assert datetime(2026, 7, 1, 7, 30, tzinfo=UTC) == forms.parse_local("2026-07-01T09:30")
    assert forms.to_local_text(datetime(2026, 7, 1, 7, 30, tzinfo=UTC)) == "2026-07-01T09:30"


def test_a_valid_form_is_read_exactly() -> None:
    found, problems = parse_round_form(VALID)
    assert problems == {}
    assert found.amount_cents == 1_250_050
    assert found.budget_line_id == 7
    assert found.rules.categories == ("Groen", "spelen", "Verkeer")
    assert dict(found.rules.rule_options) == {
        "exhaustive_stop": False,
        "integral_start": False,
        "then_greedy": True,
    }
    assert found.rules.allow_blank is False
    assert found.schedule["reviewing"] is None


def test_each_bad_field_is_named() -> None:
    data = {
        **VALID,
        "title": "",
        "amount": "12.50",
        "proposer_min_age": "old",
        "voting_starts": "2025-01-01T10:00",
        "deliberating_starts": "tomorrow",
        "ballot_type": "cumulative",
        "points_total": "0",
        "tie_break": "lot",
        "tie_seed": "",
    }
    _found, problems = parse_round_form(data)
    assert {
        "title",
        "amount",
        "proposer_min_age",
        "voting_starts",
        "deliberating_starts",
        "points_total",
        "tie_break",
    } == set(problems)


def test_fields_not_sent_keep_their_earlier_values() -> None:
    base, _problems = parse_round_form(VALID)
    again, problems = parse_round_form({"title": "Nieuwe titel"}, base)
    assert problems == {}
    assert again.title == "Nieuwe titel"
    assert (base.rules, base.amount_cents, base.schedule) == (
        again.rules,
        again.amount_cents,
        again.schedule,
    )


def test_form_values_read_back_to_the_same_input() -> None:
    found, _problems = parse_round_form(VALID)
    again, problems = parse_round_form(forms.form_values(found), RoundInput())
    assert problems == {}
    assert found == again
