"""The result of a count: what was funded, with the parameters, ties and per-project reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ballots.counting.model import Money

Parameter = str | int | bool | None


@dataclass(frozen=True)
class ProjectReport:
    """Why one project was or was not funded, in words a resident can read."""

    id: str
    name: str
    cost: Money
    score: int
    effective_support: Money
    funded: bool
    position: int | None
    reason: str


@dataclass(frozen=True)
class Tie:
    """Projects the rule could not tell apart; the tie order chose `winner`."""

    round: int
    projects: tuple[str, ...]
    winner: str


@dataclass(frozen=True)
class Result:
    """A count: the rule and every parameter it used, the funded projects in order, and why."""

    rule: str
    parameters: dict[str, Parameter]
    budget: Money
    selected: tuple[str, ...]
    total_cost: Money
    ties: tuple[Tie, ...] = ()
    projects: tuple[ProjectReport, ...] = ()
    notes: tuple[str, ...] = field(default=())


def money_json(value: Money | Fraction) -> int | str:
    """Money for JSON: an int when whole, else the exact fraction as "p/q"."""
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def to_json(result: Result) -> dict[str, Any]:
    """Return the result as plain JSON-ready data."""
    return {
        "rule": result.rule,
        "parameters": dict(result.parameters),
        "budget": money_json(result.budget),
        "selected": list(result.selected),
        "total_cost": money_json(result.total_cost),
        "ties": [
            {"round": t.round, "projects": list(t.projects), "winner": t.winner}
            for t in result.ties
        ],
        "projects": [
            {
                "id": p.id,
                "name": p.name,
                "cost": money_json(p.cost),
                "score": p.score,
                "effective_support": money_json(p.effective_support),
                "funded": p.funded,
                "position": p.position,
                "reason": p.reason,
            }
            for p in result.projects
        ],
        "notes": list(result.notes),
    }


def to_text(result: Result) -> str:
    """Return the result as a short plain-text table."""
    lines = [f"rule: {result.rule}  parameters: {result.parameters}"]
    lines.append(f"budget: {money_json(result.budget)}  funded: {money_json(result.total_cost)}")
    for p in result.projects:
        mark = f"#{p.position}" if p.funded else "--"
        lines.append(
            f"{mark:>4} {p.id:<12} cost {money_json(p.cost)!s:<10} score {p.score:<8} {p.reason}"
        )
    lines += [f"tie in round {t.round}: {', '.join(t.projects)} -> {t.winner}" for t in result.ties]
    lines += list(result.notes)
    return "\n".join(lines)
