"""The pure round rules: every refusal of rule_problems and the fairness field comparison."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.rounds.rules import RoundRules, changed_fairness_fields, rule_problems

BUDGET = 5_000_000


def test_the_default_rules_work() -> None:
    assert rule_problems(RoundRules(), BUDGET) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"ballot_type": "lottery"}, "unknown ballot type"),
        ({"counting_rule": "borda"}, "unknown counting rule"),
        ({"tie_break": "coin"}, "unknown tie-break order"),
        ({"tie_break": "lot:"}, "a lot tie-break needs a published seed, e.g. lot:2026"),
        ({"rule_options": {"magic": True}}, "unknown counting option: magic"),
        ({"proposer_min_age": 121}, "the minimum age must be between 0 and 120"),
        ({"proposer_min_age": -1}, "the minimum age must be between 0 and 120"),
        ({"support_threshold": -1}, "limits cannot be negative"),
        (
            {"max_cost_cents": BUDGET + 1},
            "the maximum cost per proposal is larger than the round's budget",
        ),
        (
            {"ballot_min": 3, "ballot_max": 2},
            "the minimum number of choices is larger than the maximum",
        ),
        (
            {"ballot_type": "cumulative", "points_total": 0},
            "a points ballot needs a number of points to hand out",
        ),
        (
            {"ballot_type": "yes_no", "counting_rule": "greedy"},
            "a yes/no ballot is counted with the yes-no rule",
        ),
        (
            {"ballot_type": "ranking", "counting_rule": "mes"},
            "a ranking ballot is counted with greedy (points by position) or irv",
        ),
        ({"ballot_cost_limit_cents": -1}, "the knapsack limit cannot be negative"),
    ],
)
def test_each_unworkable_rule_is_named(changes: dict[str, object], problem: str) -> None:
    assert [problem] == rule_problems(replace(RoundRules(), **changes), BUDGET)  # type: ignore[arg-type]


def test_a_lot_with_a_seed_and_a_points_ballot_with_points_work() -> None:
    rules = RoundRules(ballot_type="cumulative", points_total=10, tie_break="lot:2026")
    assert rule_problems(rules, BUDGET) == []


def test_only_fairness_fields_count_as_fairness_changes() -> None:
    old = RoundRules()
    new = replace(
        old,
        ballot_type="knapsack",
        counting_rule="greedy",
        categories=("Groen",),
        support_threshold=10,
        rule_options={"then_greedy": True},
    )
    assert changed_fairness_fields(old, new) == ["ballot_type", "counting_rule", "rule_options"]
    assert changed_fairness_fields(old, replace(old, proposer_min_age=16)) == []
