"""Ballot forms of every type: submitted fields as a counting Ballot, and back as fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ballots.box.rules import Option, Problem
from ballots.counting.model import Ballot

MAX_VALUES = 500  # more repeated values than any ballot has options: a tampered form
_PREFIXES = {"cumulative": "points-", "ranking": "rank-", "yes_no": "answer-"}
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Line:
    """One option a ballot names, as shown back: title, cost and what the voter gave it."""

    key: str
    title: str
    cost_cents: int
    points: int | None = None  # cumulative points, rank (1 = first) or 1/0 for yes/no


@dataclass(frozen=True)
class State:
    """What a ballot form shows as already filled in."""

    chosen: frozenset[str] = frozenset()
    values: Mapping[str, str] = field(default_factory=dict)


def _last(form: Mapping[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[-1].strip()


def _keys(options: Sequence[Option], form: Mapping[str, list[str]], prefix: str) -> list[str]:
    """Option keys in ballot order, then keys the form names that are not on the ballot."""
    known = [o.key for o in options]
    extra = [
        name[len(prefix) :]
        for name in list(form)[:MAX_VALUES]
        if name.startswith(prefix) and name[len(prefix) :] not in known
    ]
    return known + extra


def _number(text: str) -> int | None:
    stripped = text.lstrip("-")
    if not stripped.isdigit() or len(stripped) > 6:
        return None
    return int(text)


def parse(
    ballot_type: str,
    options: Sequence[Option],
    form: Mapping[str, list[str]],
    prefix: str = "",
) -> tuple[Ballot, list[Problem]]:
    """The Ballot a form describes, and the problems only the form can have (not a number...).

    Unknown project keys are kept, so that the ballot rules report them.
    """
    if ballot_type not in _PREFIXES:
        order = {o.key: at for at, o in enumerate(options)}
        chosen = [v for v in (form.get(f"{prefix}choice") or [])[:MAX_VALUES] if v]
        chosen.sort(key=lambda key: order.get(key, len(order)))
        return Ballot(projects=tuple(chosen)), []
    field_prefix = prefix + _PREFIXES[ballot_type]
    titles = {o.key: o.title for o in options}
    problems: list[Problem] = []
    given: list[tuple[str, int]] = []
    for key in _keys(options, form, field_prefix):
        text = _last(form, field_prefix + key)
        if text == "":
            continue
        if ballot_type == "yes_no":
            if text not in (YES, NO):
                problems.append(Problem("bad_answer", {"title": titles.get(key, key)}))
            else:
                given.append((key, 1 if text == YES else 0))
            continue
        number = _number(text)
        if number is None:
            problems.append(Problem("not_a_number", {"title": titles.get(key, key)}))
        elif ballot_type == "cumulative" and number < 0:
            problems.append(Problem("negative_points", {"title": titles.get(key, key)}))
        elif ballot_type == "ranking" and number < 1:
            problems.append(Problem("not_a_number", {"title": titles.get(key, key)}))
        elif number != 0 or ballot_type != "cumulative":
            given.append((key, number))
    if ballot_type == "ranking":
        ranks = [rank for _, rank in given]
        if len(set(ranks)) != len(ranks):
            problems.append(Problem("duplicate_rank"))
        given.sort(key=lambda item: item[1])
        return Ballot(projects=tuple(key for key, _ in given)), problems
    return Ballot(
        projects=tuple(key for key, _ in given), points=tuple(value for _, value in given)
    ), problems


def fields(ballot_type: str, ballot: Ballot, prefix: str = "") -> list[tuple[str, str]]:
    """Hidden form fields that submit this ballot again (confirmation page)."""
    if ballot_type not in _PREFIXES:
        return [(f"{prefix}choice", key) for key in ballot.projects]
    name = prefix + _PREFIXES[ballot_type]
    if ballot_type == "ranking":
        return [(name + key, str(at)) for at, key in enumerate(ballot.projects, start=1)]
    points = ballot.points or tuple(1 for _ in ballot.projects)
    if ballot_type == "yes_no":
        return [
            (name + key, YES if value else NO)
            for key, value in zip(ballot.projects, points, strict=True)
        ]
    return [(name + key, str(value)) for key, value in zip(ballot.projects, points, strict=True)]


def state(ballot_type: str, ballot: Ballot) -> State:
    """The filled-in values of a ballot form: ticked keys, or a value per key."""
    if ballot_type not in _PREFIXES:
        return State(chosen=frozenset(ballot.projects))
    name = _PREFIXES[ballot_type]
    return State(
        chosen=frozenset(ballot.projects),
        values={key[len(name) :]: value for key, value in fields(ballot_type, ballot)},
    )


def lines(ballot_type: str, options: Sequence[Option], ballot: Ballot) -> list[Line]:
    """The options a ballot names, in the ballot's own order, for confirmation and the board."""
    known = {o.key: o for o in options}
    found: list[Line] = []
    points = ballot.points
    for at, key in enumerate(ballot.projects):
        option = known.get(key, Option(key, key, 0))
        value: int | None = None
        if ballot_type == "ranking":
            value = at + 1
        elif points is not None and at < len(points):
            value = points[at]
        found.append(Line(key, option.title, option.cost_cents, value))
    return found
