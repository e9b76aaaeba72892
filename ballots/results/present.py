"""The result page's and the record's view of a count: names, euros, percentages and sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from app.areas import queries as area_queries
from app.i18n import _, ngettext
from app.jsontypes import JSONObject
from app.programmes.money import format_euros
from app.rounds import texts
from app.rounds.queries import RoundView
from ballots.results.chart import votes_chart
from ballots.results.explain import (
    CHANNELS,
    ProjectLine,
    as_int,
    as_list,
    as_object,
    channel_label,
    money_value,
    percent,
    project_lines,
    rule_in_words,
)
from ballots.results.queries import ResultView


@dataclass(frozen=True)
class TurnoutLine:
    """Voters of one buurt, per way of voting."""

    buurt: str
    by_channel: dict[str, int]
    total: int


@dataclass(frozen=True)
class Readable:
    """Everything a reader needs to understand a count, already in words and euros."""

    lines: list[ProjectLine]
    rule_label: str
    rule_words: str
    tie_label: str
    ties: list[str]
    notes: list[str]
    budget: str
    used: str
    left: str
    ballots: int
    eligible: int
    turnout: str
    channels: list[tuple[str, int]]
    turnout_lines: list[TurnoutLine]
    comparison: str
    chart: str


def _names(lines: list[ProjectLine]) -> dict[str, str]:
    return {line.key: line.name for line in lines}


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _ties(outcome: JSONObject, names: dict[str, str]) -> list[str]:
    sentences = []
    for item in as_list(outcome.get("ties")):
        tie = as_object(item)
        tied = [names.get(str(p), str(p)) for p in as_list(tie.get("projects"))]
        sentences.append(
            _("In step %(step)s, %(tied)s were equal; the tie order chose %(winner)s.")
            % {
                "step": tie.get("round", ""),
                "tied": _join(tied),
                "winner": names.get(str(tie.get("winner")), str(tie.get("winner"))),
            }
        )
    return sentences


def _notes(outcome: JSONObject) -> list[str]:
    sentences = []
    for note in as_list(outcome.get("notes")):
        found = re.fullmatch(
            r"Add1 settled at a share of (\S+) per voter after (\d+) steps", str(note)
        )
        if found:
            sentences.append(
                _("In the end, every voter had an equal share of %(share)s to spend.")
                % {"share": format_euros(round(money_value(found[1])))}
            )
    return sentences


def _comparison(result: ResultView, names: dict[str, str]) -> str:
    other = result.comparison
    if not other.get("rule"):
        return ""
    label = texts.rule_label(str(other["rule"]))
    if other.get("error"):
        return _("The rule \u201c%(rule)s\u201d cannot count this ballot.") % {"rule": label}
    chosen = [names.get(str(p), str(p)) for p in as_list(other.get("selected"))]
    return _(
        "For comparison: with \u201c%(rule)s\u201d, these proposals would have been chosen: "
        "%(list)s (together %(total)s)."
    ) % {
        "rule": label,
        "list": _join(chosen) or _("none"),
        "total": format_euros(round(money_value(other.get("total_cost", 0)))),
    }


async def _turnout(counts: JSONObject) -> list[TurnoutLine]:
    rows = [as_object(r) for r in as_list(counts.get("turnout"))]
    names = await area_queries.names_by_code({str(r["buurt"]) for r in rows})
    per: dict[str, dict[str, int]] = {}
    for row in rows:
        buurt = names.get(str(row["buurt"]), _("Unknown buurt"))
        per.setdefault(buurt, {})[str(row["channel"])] = as_int(row["voters"])
    return [
        TurnoutLine(buurt, by_channel, sum(by_channel.values()))
        for buurt, by_channel in sorted(per.items())
    ]


async def readable(view: RoundView, result: ResultView) -> Readable:
    """A stored result as words, euros and percentages for the page and the record."""
    outcome = result.outcome
    lines = project_lines(outcome, format_euros)
    names = _names(lines)
    budget = round(money_value(outcome.get("budget", 0)))
    used = round(money_value(outcome.get("total_cost", 0)))
    counts = result.counts
    ballots = as_int(as_object(counts.get("ballots")).get("total", 0))
    eligible = as_int(counts.get("eligible", 0))
    participations = as_object(counts.get("participations"))
    channels = [
        (channel_label(c), as_int(participations[c])) for c in CHANNELS if c in participations
    ]
    votes_word = _("votes")
    return Readable(
        lines=lines,
        rule_label=texts.rule_label(result.rule),
        rule_words=rule_in_words(result.rule),
        tie_label=texts.tie_label(str(as_object(outcome.get("parameters")).get("tie_break", ""))),
        ties=_ties(outcome, names),
        notes=_notes(outcome),
        budget=format_euros(budget),
        used=format_euros(used),
        left=format_euros(budget - used),
        ballots=ballots,
        eligible=eligible,
        turnout=percent(Fraction(ballots, eligible), 1) if eligible else "",
        channels=channels,
        turnout_lines=await _turnout(counts),
        comparison=_comparison(result, names),
        chart=votes_chart(
            lines,
            _("Votes per proposal"),
            ngettext(
                "%(num)d proposal; the chosen ones are green and marked as chosen.",
                "%(num)d proposals; the chosen ones are green and marked as chosen.",
                len(lines),
            )
            % {"num": len(lines)},
            votes_word,
            _("chosen"),
        ),
    )
