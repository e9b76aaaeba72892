"""The registry of budgeting rules: name -> how to count and which options it accepts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ballots.counting.greedy import greedy
from ballots.counting.mes import COMPARISONS, mes, mes_add1
from ballots.counting.model import Instance, Profile
from ballots.counting.phragmen import phragmen
from ballots.counting.prepare import CountingError, Tally, prepare
from ballots.counting.result import Result

Option = str | int | bool | None


class UnknownRuleError(ValueError):
    """The rule or one of its options is not known."""


@dataclass(frozen=True)
class Rule:
    """A counting rule and the options it accepts (with defaults)."""

    count: Callable[[Tally, dict[str, str], Instance, Mapping[str, Option]], Result]
    options: Mapping[str, Option]


def _greedy(
    skip: bool,
) -> Callable[[Tally, dict[str, str], Instance, Mapping[str, Option]], Result]:
    def count(
        tally: Tally, names: dict[str, str], instance: Instance, opts: Mapping[str, Option]
    ) -> Result:
        return greedy(tally, names, "greedy" if skip else "greedy-no-skip", skip=skip)

    return count


def _threshold(
    tally: Tally, names: dict[str, str], instance: Instance, opts: Mapping[str, Option]
) -> Result:
    threshold = opts.get("threshold")
    if threshold is None:
        threshold = instance.threshold
    if not isinstance(threshold, int):
        raise CountingError(
            "greedy-threshold needs a threshold: META min_project_score_threshold or --threshold N"
        )
    return greedy(tally, names, "greedy-threshold", threshold=threshold)


def _mes_add1(
    tally: Tally, names: dict[str, str], instance: Instance, opts: Mapping[str, Option]
) -> Result:
    comparison = opts.get("comparison")
    if comparison is not None and comparison not in COMPARISONS:
        raise UnknownRuleError(
            f"unknown comparison {comparison!r}; use one of {', '.join(COMPARISONS)}"
        )
    return mes_add1(
        tally,
        names,
        bool(opts.get("exhaustive_stop", True)),
        bool(opts.get("integral_start", False)),
        bool(opts.get("then_greedy", False)),
        comparison if isinstance(comparison, str) else None,
        bool(opts.get("exact", False)),
    )


RULES: dict[str, Rule] = {
    "greedy": Rule(_greedy(True), {}),
    "greedy-no-skip": Rule(_greedy(False), {}),
    "greedy-threshold": Rule(_threshold, {"threshold": None}),
    "mes": Rule(lambda t, n, i, o: mes(t, n), {}),
    "mes-add1": Rule(
        _mes_add1,
        {
            "exhaustive_stop": True,
            "integral_start": False,
            "then_greedy": False,
            "comparison": None,
            "exact": False,
        },
    ),
    "phragmen": Rule(lambda t, n, i, o: phragmen(t, n, i.kind in ("approval", "choose-1")), {}),
}


def count(
    instance: Instance,
    profile: Profile,
    rule: str,
    tie_break: str = "lexicographic",
    **options: Option,
) -> Result:
    """Count an election by rule name with its options; unknown names raise UnknownRuleError."""
    if rule not in RULES:
        raise UnknownRuleError(f"unknown rule {rule!r}; use one of {', '.join(RULES)}")
    entry = RULES[rule]
    for name in options:
        if name not in entry.options:
            allowed = ", ".join(entry.options) or "none"
            raise UnknownRuleError(f"rule {rule} has no option {name!r} (options: {allowed})")
    tally = prepare(instance, profile, tie_break)
    names = {p.id: p.name for p in instance.projects}
    return entry.count(tally, names, instance, options)
