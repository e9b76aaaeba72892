"""Reading and writing .pb files, bad input, ballot validation and single decisions."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from counting_pabu import DATA

from ballots import tally_cli
from ballots.counting import (
    Ballot,
    CountingError,
    Instance,
    Profile,
    Project,
    UnknownRuleError,
    count,
    from_model,
    parse,
    validate_ballot,
    write,
)
from ballots.counting.model import Constraints
from ballots.counting.single import instant_runoff, yes_no
from ballots.counting.ties import lot_key, tie_order

GOOD = "\n".join(
    [
        "\ufeffMETA",
        "key;value",
        "num_projects;2",
        "num_votes;3",
        "budget;100",
        "vote_type;approval",
        "max_length;2",
        "PROJECTS",
        "project_id;cost;name",
        'a;60;"Park ""De Wijk"""',
        "b;50;Bench",
        "VOTES",
        "voter_id;vote",
        "1;a,b",
        "2;b",
        "3;",
        "",
    ]
)


def test_reads_bom_quotes_and_empty_vote() -> None:
    """A BOM, doubled quotes inside a quoted cell and an empty vote are all legal."""
    parsed = parse(GOOD)
    assert parsed.problems == ()
    assert parsed.instance and parsed.profile
    assert parsed.instance.project("a").name == 'Park "De Wijk"'
    assert (parsed.profile.ballots[2].projects, parsed.profile.ballots[1].projects) == ((), ("b",))


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("num_votes;3", "num_votes;4"), 4, "num_votes says 4"),
        (GOOD.replace("2;b", "2;z"), 15, "unknown project z"),
        (GOOD.replace("b;50;Bench", "b;fifty;Bench"), 11, "not a number"),
        (GOOD.replace("b;50;Bench", "b;-5;Bench"), 11, "negative cost"),
        (GOOD.replace("budget;100", "budget;0"), 5, "more than zero"),
        (GOOD.replace("VOTES\n", ""), 0, "no VOTES section"),
        (GOOD.replace("1;a,b", "1;a;b"), 14, "3 cells"),
    ],
)
def test_problems_name_the_line(text: str, line: int, words: str) -> None:
    """Every problem comes with its line number and a plain message, and no instance is built."""
    parsed = parse(text)
    assert parsed.instance is None
    assert any(at == line and words in message for at, message in parsed.problems), parsed.problems


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/pabulib is not present")
@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem[:30])
def test_read_write_read_keeps_everything(path: Path) -> None:
    """Writing a shared file back keeps every META key, project column and vote."""
    first = parse(path.read_text(encoding="utf-8"))
    assert first.file is not None
    again = parse(write(first.file))
    assert (first.file, first.instance, first.profile) == (
        again.file,
        again.instance,
        again.profile,
    )


def test_export_from_model_reads_back() -> None:
    """A file built from the model (for export) reads back to the same instance and ballots."""
    instance = Instance(90, (Project("x", 30, "X; with semicolon"), Project("y", 70)), "cumulative")
    profile = Profile("cumulative", (Ballot(("x", "y"), (2, 1), "v1"), Ballot((), (), "v2")))
    parsed = parse(write(from_model(instance, profile, {"description": "test"})))
    assert parsed.problems == ()
    assert (instance, profile.ballots) == (
        parsed.instance,
        parsed.profile and parsed.profile.ballots,
    )


def test_validate_ballot_lists_each_broken_constraint() -> None:
    """validate_ballot names each META rule a ballot breaks; a blank ballot is valid."""
    limits = Constraints(max_length=1, max_sum_cost=50)
    instance = Instance(100, (Project("a", 60), Project("b", 30)), "approval", limits)
    assert validate_ballot(instance, Ballot(())) == []
    problems = validate_ballot(instance, Ballot(("a", "b", "c")))
    assert len(problems) >= 3
    assert any("unknown project c" in p for p in problems)


def test_bad_budget_unknown_rule_and_option_are_clear_errors() -> None:
    """Zero budget, unknown rule and unknown option raise errors that name the problem."""
    profile = Profile("approval", (Ballot(("a",)),))
    with pytest.raises(CountingError, match="budget"):
        count(Instance(0, (Project("a", 1),)), profile, "greedy")
    with pytest.raises(UnknownRuleError, match="unknown rule"):
        count(Instance(5, (Project("a", 1),)), profile, "borda")
    with pytest.raises(UnknownRuleError, match="no option"):
        count(Instance(5, (Project("a", 1),)), profile, "mes", then_greedy=True)


def _args(path: Path, **extra: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "file": str(path),
        "rule": "greedy",
        "official": False,
        "tie_break": "lexicographic",
        "no_exhaustive_stop": False,
        "integral_start": False,
        "then_greedy": False,
        "comparison": None,
        "exact": False,
        "threshold": None,
        "format": "json",
        "include_invalid": False,
        "exclude_invalid": False,
    }
    return argparse.Namespace(**(values | extra))


def test_cli_malformed_file_exits_2_with_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed file exits 2, lists problems with line numbers on stderr and prints no result."""
    path = tmp_path / "bad.pb"
    path.write_text(GOOD.replace("2;b", "2;z"), encoding="utf-8")
    assert tally_cli.run(_args(path)) == 2
    out, err = capsys.readouterr()
    assert (out, "bad.pb:15: voter 2 votes for unknown project z" in err) == ("", True)


def test_cli_invalid_ballots_need_an_explicit_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ballots breaking META rules are listed and refused unless the caller chooses."""
    path = tmp_path / "long.pb"
    path.write_text(GOOD.replace("max_length;2", "max_length;1"), encoding="utf-8")
    assert tally_cli.run(_args(path)) == 2
    assert "voter 1" in capsys.readouterr().err
    assert tally_cli.run(_args(path, exclude_invalid=True)) == 0
    assert tally_cli.run(_args(path, include_invalid=True)) == 0


def test_cli_bad_arguments_give_one_line_and_exit_2(tmp_path: Path) -> None:
    """Unknown rule, tie-break or flag: exit 2 with one line, no traceback."""
    path = tmp_path / "good.pb"
    path.write_text(GOOD, encoding="utf-8")
    for extra in (
        ["--rule", "borda"],
        ["--rule", "mes", "--tie-break", "coin"],
        ["--rule", "mes", "--bogus"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "ballots.tally_cli", str(path), *extra],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, len(done.stderr.strip().splitlines()), done.stdout) == (2, 1, "")


def test_tie_orders() -> None:
    """lexicographic by id, equalshares by cost then score then id, lot by SHA-256 of seed:id."""
    ids, costs, scores = ["b", "a", "c"], {"a": 5, "b": 5, "c": 1}, {"a": 1, "b": 2, "c": 0}
    assert tie_order("lexicographic", ids, costs, scores) == ("a", "b", "c")
    assert tie_order("equalshares", ids, costs, scores) == ("c", "b", "a")
    assert tuple(sorted(ids, key=lambda i: lot_key("42", i))) == tie_order(
        "lot:42", ids, costs, scores
    )


def test_ties_are_reported() -> None:
    """A tie the order had to decide is listed with its winner."""
    instance = Instance(10, (Project("b", 10), Project("a", 10)))
    profile = Profile("approval", (Ballot(("a", "b")), Ballot(("a", "b"))))
    result = count(instance, profile, "mes")
    assert (result.selected, result.ties[0].winner) == (("a",), "a")


def test_yes_no_quorum_and_instant_runoff() -> None:
    """Yes/no with quorum on turnout or yes-votes; instant-runoff eliminates the weakest."""
    assert not yes_no(30, 10, 1000, quorum=100).accepted
    assert yes_no(60, 50, 1000, quorum=100).accepted
    assert not yes_no(60, 50, 1000, quorum=100, quorum_on="yes").accepted
    rankings = [("a", "b"), ("a", "b"), ("b",), ("c", "b"), ("c", "b")]
    winner, rounds = instant_runoff(rankings, ("a", "b", "c"), ("a", "b", "c"))
    assert (winner, len(rounds)) == ("a", 3)


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/pabulib is not present")
@pytest.mark.parametrize("name", ["Netherlands_Assen_2024"])
def test_written_file_passes_pabulib_checker(name: str) -> None:
    """pabulib-checker (a dev-only tool, skipped when absent) accepts what the writer produces."""
    checker = pytest.importorskip("pabulib.checker")
    parsed = parse((DATA / f"{name}.pb").read_text(encoding="utf-8"))
    assert parsed.file is not None
    report = checker.Checker().process_files([write(parsed.file)])
    assert report["metadata"] == {"processed": 1, "valid": 1, "invalid": 0}
