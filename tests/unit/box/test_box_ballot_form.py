"""Ballot forms of every type: parsing, problems and the round trip through hidden fields."""

from __future__ import annotations

from ballots.box import ballot_form
from ballots.box.rules import Option
from ballots.counting.model import Ballot

OPTIONS = [Option("P1", "One", 400), Option("P2", "Two", 300), Option("P3", "Three", 200)]


def as_form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Hidden fields as a submitted form."""
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def test_every_type_round_trips_through_hidden_fields() -> None:
    """fields() then parse() gives the same ballot back, for each type."""
    cases = {
        "approval": Ballot(("P1", "P3")),
        "knapsack": Ballot(("P2",)),
        "cumulative": Ballot(("P1", "P3"), (2, 5)),
        "ranking": Ballot(("P3", "P1")),
        "yes_no": Ballot(("P1", "P2"), (1, 0)),
    }
    for kind, ballot in cases.items():
        parsed, problems = ballot_form.parse(
            kind, OPTIONS, as_form(ballot_form.fields(kind, ballot))
        )
        assert (kind, parsed, problems) == (kind, ballot, [])


def test_form_problems_are_named() -> None:
    """Text for points, a shared place and a strange answer each give a problem code."""
    _, points = ballot_form.parse("cumulative", OPTIONS, {"points-P1": ["x"]})
    _, ranks = ballot_form.parse("ranking", OPTIONS, {"rank-P1": ["1"], "rank-P2": ["1"]})
    _, answer = ballot_form.parse("yes_no", OPTIONS, {"answer-P1": ["perhaps"]})
    assert [p.code for p in points + ranks + answer] == [
        "not_a_number",
        "duplicate_rank",
        "bad_answer",
    ]


def test_unknown_keys_are_kept_for_validation() -> None:
    """A project the form invents stays on the ballot, so the rules refuse it."""
    ballot, _ = ballot_form.parse("cumulative", OPTIONS, {"points-X9": ["3"]})
    assert ballot.projects == ("X9",)


def test_prefixes_keep_ballots_apart() -> None:
    """Two ballots on one page (paper entry) are read separately."""
    form = {"b0-choice": ["P1"], "b1-choice": ["P2", "P3"]}
    assert ballot_form.parse("approval", OPTIONS, form, "b1-")[0] == Ballot(("P2", "P3"))


def test_lines_show_places_and_points() -> None:
    """Ranking lines carry the place; yes/no lines carry 1 or 0."""
    ranked = ballot_form.lines("ranking", OPTIONS, Ballot(("P2", "P1")))
    assert [(line.title, line.points) for line in ranked] == [("Two", 1), ("One", 2)]
    answered = ballot_form.lines("yes_no", OPTIONS, Ballot(("P1",), (0,)))
    assert answered[0].points == 0
