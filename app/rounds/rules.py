"""Pure rules of a round: who may propose, cost limits, the ballot and the counting rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

BALLOT_TYPES = ("approval", "knapsack", "cumulative", "ranking", "yes_no")
COUNTING_RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "mes",
    "mes-add1",
    "phragmen",
    "yes-no",
    "irv",
)
TIE_BREAKS = ("lexicographic", "equalshares")  # plus "lot:SEED"
RULE_OPTIONS = (
    "exhaustive_stop",
    "integral_start",
    "then_greedy",
    "comparison",
    "threshold",
    "quorum",
)
# Changing these once voting has opened would change the outcome: they are frozen then.
FAIRNESS_FIELDS = frozenset(
    {
        "ballot_type",
        "ballot_min",
        "ballot_max",
        "ballot_cost_limit_cents",
        "points_total",
        "counting_rule",
        "rule_options",
        "tie_break",
        "allow_blank",
        "allow_vote_change",
    }
)


@dataclass(frozen=True)
class RoundRules:
    """Everything that governs a round besides its dates and money."""

    proposer_min_age: int = 0
    max_cost_cents: int = 0
    categories: tuple[str, ...] = ()
    support_threshold: int = 0
    ballot_type: str = "approval"
    ballot_min: int = 0
    ballot_max: int = 0
    ballot_cost_limit_cents: int = 0
    points_total: int = 0
    counting_rule: str = "mes-add1"
    rule_options: Mapping[str, Any] = field(default_factory=dict)
    tie_break: str = "lexicographic"
    allow_blank: bool = True
    allow_vote_change: bool = False


def rule_problems(rules: RoundRules, budget_cents: int) -> list[str]:
    """Plain reasons the rules cannot work together; empty when they can."""
    problems = []
    if rules.ballot_type not in BALLOT_TYPES:
        problems.append("unknown ballot type")
    if rules.counting_rule not in COUNTING_RULES:
        problems.append("unknown counting rule")
    if not (rules.tie_break in TIE_BREAKS or rules.tie_break.startswith("lot:")):
        problems.append("unknown tie-break order")
    if rules.tie_break.startswith("lot:") and len(rules.tie_break) < 5:
        problems.append("a lot tie-break needs a published seed, e.g. lot:2026")
    unknown = set(rules.rule_options) - set(RULE_OPTIONS)
    if unknown:
        problems.append(f"unknown counting option: {', '.join(sorted(unknown))}")
    if rules.proposer_min_age < 0 or rules.proposer_min_age > 120:
        problems.append("the minimum age must be between 0 and 120")
    if rules.max_cost_cents < 0 or rules.support_threshold < 0:
        problems.append("limits cannot be negative")
    if rules.max_cost_cents > budget_cents > 0:
        problems.append("the maximum cost per proposal is larger than the round's budget")
    if rules.ballot_min < 0 or (rules.ballot_max and rules.ballot_min > rules.ballot_max):
        problems.append("the minimum number of choices is larger than the maximum")
    if rules.ballot_type == "cumulative" and rules.points_total <= 0:
        problems.append("a points ballot needs a number of points to hand out")
    if rules.ballot_type == "yes_no" and rules.counting_rule != "yes-no":
        problems.append("a yes/no ballot is counted with the yes-no rule")
    if rules.ballot_type == "ranking" and rules.counting_rule in ("mes", "mes-add1", "phragmen"):
        problems.append("a ranking ballot is counted with greedy (points by position) or irv")
    if rules.ballot_cost_limit_cents < 0:
        problems.append("the knapsack limit cannot be negative")
    return problems


def changed_fairness_fields(old: RoundRules, new: RoundRules) -> list[str]:
    """The outcome-deciding fields that differ between two versions of the rules."""
    return sorted(
        f.name
        for f in fields(RoundRules)
        if f.name in FAIRNESS_FIELDS and getattr(old, f.name) != getattr(new, f.name)
    )
