"""The public ballot export (Pabulib) and counting from it: pure, so anyone can recount offline.

Money in the export is in euro cents (META `currency` EUR, `unit_of_money` cent), so every cost
and the budget are exact integers. Voter ids are the receipt codes; nothing personal is written.
The platform counts a round from this very text, so a recount of the published file follows
exactly the same path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ballots.counting import (
    RULES,
    Ballot,
    CountingError,
    Instance,
    Profile,
    count,
    from_model,
    invalid_ballots,
    parse,
    to_json,
    write,
)

FORMAT = "wijkstem-export/1"
GREEDY_RULES = frozenset({"greedy", "greedy-no-skip", "greedy-threshold"})


class ExportError(ValueError):
    """An export that cannot be read or counted, with the reason."""


def canonical_json(value: object) -> str:
    """A stable JSON text: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rule_options(rule: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """Only the options the engine's rule takes (a round may record others, e.g. a quorum)."""
    known = RULES[rule].options if rule in RULES else {}
    return {key: options[key] for key in sorted(options) if key in known}


def _constraint_meta(instance: Instance) -> dict[str, str]:
    c = instance.constraints
    values = {
        "min_length": c.min_length,
        "max_length": c.max_length,
        "min_sum_cost": c.min_sum_cost,
        "max_sum_cost": c.max_sum_cost,
        "min_points": c.min_points,
        "max_points": c.max_points,
        "min_sum_points": c.min_sum_points,
        "max_sum_points": c.max_sum_points,
    }
    return {key: str(value) for key, value in values.items() if value is not None}


def build_export(
    *,
    round_id: int,
    title: str,
    area: str,
    instance: Instance,
    rule: str,
    options: Mapping[str, Any],
    tie_break: str,
    ballots: Sequence[tuple[str, Ballot]],
) -> str:
    """The Pabulib text of a round: META with rule and parameters, PROJECTS, VOTES by receipt."""
    ordered = sorted(ballots, key=lambda item: item[0])
    profile = Profile(
        instance.kind,
        tuple(Ballot(b.projects, b.points, receipt) for receipt, b in ordered),
    )
    meta = {
        "description": title,
        "country": "Netherlands",
        "unit": area,
        "instance": str(round_id),
        "currency": "EUR",
        "unit_of_money": "cent",
        "rule": rule,
        "rule_options": canonical_json(rule_options(rule, options)),
        "tie_break": tie_break,
        "format": FORMAT,
        **_constraint_meta(instance),
    }
    return write(from_model(instance, profile, meta))


@dataclass(frozen=True)
class Counted:
    """A count made from an export: the engine's JSON, its hash and the comparison."""

    outcome: dict[str, Any]
    outcome_sha256: str
    comparison: dict[str, Any]
    ballots_sha256: str
    ballots: int


def _read(text: str) -> tuple[Instance, Profile, dict[str, str]]:
    parsed = parse(text)
    if parsed.problems or parsed.instance is None or parsed.profile is None:
        first = "; ".join(f"line {line}: {message}" for line, message in parsed.problems[:3])
        raise ExportError(f"the ballot file cannot be read: {first}")
    meta = dict(parsed.file.meta) if parsed.file is not None else {}
    return parsed.instance, parsed.profile, meta


def _comparison(instance: Instance, profile: Profile, rule: str, tie_break: str) -> dict[str, Any]:
    other = "mes" if rule in GREEDY_RULES else "greedy"
    try:
        result = count(instance, profile, other, tie_break)
    except (CountingError, ValueError) as exc:
        return {"rule": other, "error": str(exc)}
    return {
        "rule": other,
        "selected": list(result.selected),
        "total_cost": to_json(result)["total_cost"],
    }


def count_export(text: str, *, compare: bool = True) -> Counted:
    """Count the election in an export with the rule, options and tie order in its META."""
    instance, profile, meta = _read(text)
    rule, tie_break = meta.get("rule", ""), meta.get("tie_break", "lexicographic")
    if rule not in RULES:
        raise ExportError(f"the counting rule {rule!r} is not one the engine counts")
    try:
        options = json.loads(meta.get("rule_options", "{}"))
    except json.JSONDecodeError as exc:
        raise ExportError("META rule_options is not JSON") from exc
    bad = invalid_ballots(instance, profile)
    if bad:
        raise ExportError(f"{len(bad)} ballots break the ballot rules")
    chosen = rule_options(rule, options)
    if rule == "mes-add1":
        chosen["exact"] = True  # official counts: exact runs only, no float decides anything
    try:
        result = count(instance, profile, rule, tie_break, **chosen)
    except (CountingError, ValueError) as exc:
        raise ExportError(f"the count failed: {exc}") from exc
    outcome = to_json(result)
    return Counted(
        outcome=outcome,
        outcome_sha256=sha256_text(canonical_json(outcome)),
        comparison=_comparison(instance, profile, rule, tie_break) if compare else {},
        ballots_sha256=sha256_text(text),
        ballots=len(profile.ballots),
    )
