"""Round rules as a counting Instance, forms as Ballots, and the ballot problems."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.rounds.rules import RoundRules
from ballots.box import rules
from ballots.counting.model import Ballot
from ballots.counting.validate import validate_ballot

OPTIONS = [
    rules.Option("P1", "One", 400),
    rules.Option("P2", "Two", 300),
    rules.Option("P3", "Three", 200),
]


def codes_of(problems: list[rules.Problem]) -> list[str]:
    """The problem codes only."""
    return [p.code for p in problems]


def test_approval_instance_carries_min_and_max() -> None:
    """ballot_min/max become the length constraints; no cost limit."""
    instance = rules.instance_for(RoundRules(ballot_min=1, ballot_max=2), 1000, OPTIONS)
    assert instance.kind == "approval" and instance.ids() == ("P1", "P2", "P3")
    assert instance.constraints.min_length == 1 and instance.constraints.max_length == 2
    assert instance.constraints.max_sum_cost is None


def test_knapsack_limit_defaults_to_the_budget() -> None:
    """A knapsack ballot is limited by ballot_cost_limit_cents, else the round's budget."""
    limited = rules.instance_for(
        RoundRules(ballot_type="knapsack", ballot_cost_limit_cents=500), 1000, OPTIONS
    )
    assert limited.constraints.max_sum_cost == 500
    budget = rules.instance_for(RoundRules(ballot_type="knapsack"), 1000, OPTIONS)
    assert budget.constraints.max_sum_cost == 1000


def test_ballot_from_choices_orders_by_ballot_list() -> None:
    """Ticked keys come back in ballot order; unknown keys stay so validation sees them."""
    instance = rules.instance_for(RoundRules(), 1000, OPTIONS)
    assert rules.ballot_from_choices(instance, ["P3", "P1"]).projects == ("P1", "P3")
    assert rules.ballot_from_choices(instance, ["X", "P2"]).projects == ("P2", "X")


def test_problems_name_each_broken_rule() -> None:
    """Too many, too few, over the limit, unknown, twice and blank each have a code."""
    approval = rules.instance_for(RoundRules(ballot_min=2, ballot_max=2), 1000, OPTIONS)
    assert codes_of(rules.check(approval, Ballot(("P1", "P2", "P3")), allow_blank=True)) == [
        "too_many"
    ]
    assert codes_of(rules.check(approval, Ballot(("P1",)), allow_blank=True)) == ["too_few"]
    assert codes_of(rules.check(approval, Ballot(("P1", "Z")), allow_blank=True)) == [
        "unknown_project"
    ]
    assert "duplicate" in codes_of(rules.check(approval, Ballot(("P1", "P1")), allow_blank=True))
    assert rules.check(approval, Ballot(()), allow_blank=True) == []
    assert codes_of(rules.check(approval, Ballot(()), allow_blank=False)) == ["blank_not_allowed"]
    knapsack = rules.instance_for(
        RoundRules(ballot_type="knapsack", ballot_cost_limit_cents=600), 1000, OPTIONS
    )
    over = rules.check(knapsack, Ballot(("P1", "P2")), allow_blank=True)
    assert codes_of(over) == ["over_limit"] and over[0].params == {"limit": 600, "total": 700}
    assert rules.check(knapsack, Ballot(("P1", "P3")), allow_blank=True) == []


def test_check_agrees_with_the_counting_engine() -> None:
    """Every ballot the box accepts is valid for the count, and the other way round."""
    instance = rules.instance_for(
        RoundRules(ballot_type="knapsack", ballot_max=2, ballot_cost_limit_cents=600),
        1000,
        OPTIONS,
    )
    keys = ["P1", "P2", "P3", "Q"]
    for mask in range(1 << len(keys)):
        ballot = Ballot(tuple(k for at, k in enumerate(keys) if mask >> at & 1))
        accepted = rules.check(instance, ballot, allow_blank=True) == []
        assert accepted == (validate_ballot(instance, ballot) == [])


def test_choices_round_trip_as_canonical_json() -> None:
    """Stored choices are compact, sorted JSON that reads back to the same Ballot."""
    text = rules.canonical_choices(Ballot(("P1", "P3")))
    assert text == '{"projects":["P1","P3"]}'
    assert rules.ballot_from_json(text) == Ballot(("P1", "P3"))


def test_voting_open_follows_phase_and_dates() -> None:
    """Only the voting phase, and only between the voting and counting starts."""
    now = datetime(2026, 5, 1, tzinfo=UTC)
    hour = timedelta(hours=1)
    assert rules.voting_open("voting", now - hour, now + hour, now)
    assert rules.voting_open("voting", None, None, now)
    assert not rules.voting_open("voting", now + hour, None, now)
    assert not rules.voting_open("voting", None, now, now)
    assert not rules.voting_open("deliberating", None, None, now)
