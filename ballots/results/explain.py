"""A count's outcome in plain words: euros, percentages, names, and each reason as a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from app.i18n import _, ngettext
from app.jsontypes import JSONObject

CHANNELS = ("online", "paper", "desk")


def channel_label(channel: str) -> str:
    """How a way of voting is named."""
    return {"online": _("Online"), "paper": _("On paper"), "desk": _("At a voting desk")}.get(
        channel, channel
    )


def as_object(value: object) -> JSONObject:
    """A JSON value read as an object ({} when it is none)."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[object]:
    """A JSON value read as a list ([] when it is none)."""
    return value if isinstance(value, list) else []


def as_int(value: object) -> int:
    """A JSON number (or numeric text) as an int."""
    return value if isinstance(value, int) else int(str(value))


def money_value(raw: object) -> Fraction:
    """Money from an outcome: whole cents, or an exact fraction written "p/q"."""
    if isinstance(raw, int):
        return Fraction(raw)
    text = str(raw).strip()
    if "/" in text:
        top, bottom = text.split("/", 1)
        return Fraction(int(top), int(bottom))
    return Fraction(text)


def euros(cents: Fraction | int, show: Callable[[int], str]) -> str:
    """Cents (possibly a fraction) as euros, rounded to the cent for reading."""
    return show(round(Fraction(cents)))


def percent(share: Fraction | float, digits: int = 0) -> str:
    """A share as a percentage in Dutch notation ("34%", "12,5%")."""
    value = float(share) * 100
    text = f"{value:.{digits}f}".replace(".", ",")
    return f"{text}%"


_NUMBER = r"(-?\d+(?:/\d+)?)"


def reason_sentence(reason: str, funded: bool, show: Callable[[int], str]) -> str:
    """The counting engine's reason for one project, as a translated sentence."""
    patterns: list[tuple[str, Callable[[re.Match[str]], str]]] = [
        (
            r"funded in round (\d+)",
            lambda m: (
                _(
                    "Chosen in step %(step)s: its voters could pay for it together from their "
                    "equal shares."
                )
                % {"step": m[1]}
            ),
        ),
        (r"nobody voted for it", lambda m: _("Not chosen: nobody voted for it.")),
        (
            rf"its supporters could still pay {_NUMBER} of its cost {_NUMBER}",
            lambda m: (
                _(
                    "Not chosen: its voters could together pay only %(paid)s "
                    "of the %(cost)s it costs."
                )
                % {"paid": euros(money_value(m[1]), show), "cost": euros(money_value(m[2]), show)}
            ),
        ),
        (
            r"funded by greedy completion after MES",
            lambda m: _("Chosen afterwards: money was left, and it had the most votes that fit."),
        ),
        (
            rf"score {_NUMBER} is below the threshold {_NUMBER}",
            lambda m: (
                ngettext(
                    "Not chosen: %(score)s vote, fewer than the minimum of %(min)s.",
                    "Not chosen: %(score)s votes, fewer than the minimum of %(min)s.",
                    1 if m[1] == "1" else 2,
                )
                % {"score": m[1], "min": m[2]}
            ),
        ),
        (
            r"counting stopped at the first project that did not fit",
            lambda m: _("Not chosen: counting stopped at the first proposal that did not fit."),
        ),
        (
            rf"funded: {_NUMBER} was left when it was reached",
            lambda m: (
                _("Chosen: %(left)s was still left when it was its turn.")
                % {"left": euros(money_value(m[1]), show)}
            ),
        ),
        (
            rf"did not fit: only {_NUMBER} was left when it was reached",
            lambda m: (
                _("Not chosen: only %(left)s was left when it was its turn.")
                % {"left": euros(money_value(m[1]), show)}
            ),
        ),
        (
            r"counting stopped: a project with the lowest load no longer fit",
            lambda m: _("Not chosen: counting stopped when the next proposal no longer fit."),
        ),
        (
            r"costs more than the whole budget",
            lambda m: _("Not chosen: it costs more than the whole budget."),
        ),
    ]
    for pattern, sentence in patterns:
        found = re.fullmatch(pattern, reason.strip())
        if found:
            return sentence(found)
    return _("Chosen.") if funded else _("Not chosen.")


@dataclass(frozen=True)
class ProjectLine:
    """One project of a result, ready to read."""

    key: str
    name: str
    cost_cents: int
    score: int
    support: str
    funded: bool
    position: int | None
    explanation: str


def project_lines(outcome: JSONObject, show: Callable[[int], str]) -> list[ProjectLine]:
    """Every project: the chosen first in the order they were chosen, then by votes."""
    lines = []
    for item in as_list(outcome.get("projects")):
        p = as_object(item)
        funded = bool(p.get("funded"))
        support = money_value(p.get("effective_support", 0))
        rule = str(outcome.get("rule", ""))
        shown_support = percent(min(support, Fraction(1))) if rule.startswith("mes") else ""
        lines.append(
            ProjectLine(
                key=str(p.get("id", "")),
                name=str(p.get("name") or p.get("id", "")),
                cost_cents=round(money_value(p.get("cost", 0))),
                score=as_int(p.get("score", 0)),
                support=shown_support,
                funded=funded,
                position=as_int(p["position"])
                if funded and p.get("position") is not None
                else None,
                explanation=reason_sentence(str(p.get("reason", "")), funded, show),
            )
        )
    lines.sort(key=lambda line: (not line.funded, line.position or 0, -line.score, line.name))
    return lines


def rule_in_words(rule: str) -> str:
    """What a counting rule does, in two or three plain sentences."""
    words = {
        "greedy": _(
            "The proposals are sorted by their number of votes. Starting with the most votes, "
            "every proposal that still fits in the budget is chosen; one that no longer fits is "
            "skipped."
        ),
        "greedy-no-skip": _(
            "The proposals are sorted by their number of votes. Starting with the most votes, "
            "proposals are chosen until the first one that no longer fits in the budget."
        ),
        "greedy-threshold": _(
            "Only proposals with at least the minimum number of votes take part. Of those, the "
            "ones with the most votes are chosen first, as long as they fit in the budget."
        ),
        "mes": _(
            "Method of Equal Shares: every voter gets an equal share of the budget. A proposal is "
            "chosen when the people who voted for it can pay for it together from their shares. "
            "This way, groups of voters get a part of the budget that fits their size."
        ),
        "mes-add1": _(
            "Method of Equal Shares: every voter gets an equal share of the budget. A proposal is "
            "chosen when the people who voted for it can pay for it together from their shares. "
            "The shares are raised step by step until the budget is used as well as possible."
        ),
        "phragmen": _(
            "Phragmén's rule: voters earn money at the same speed. A proposal is chosen as soon "
            "as its voters together have earned enough to pay for it."
        ),
    }
    return words.get(rule, "")
