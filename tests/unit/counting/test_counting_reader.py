"""The Pabulib reader against hostile files: bad numbers, huge numbers, long lines, big files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from ballots import tally_cli
from ballots.counting import parse
from ballots.counting.pabulib import MAX_PROBLEMS, Limits, money_text

FILE = "\n".join(
    [
        "META",
        "key;value",
        "num_projects;2",
        "num_votes;2",
        "budget;{budget}",
        "vote_type;cumulative",
        "max_length;{max_length}",
        "PROJECTS",
        "project_id;cost;name",
        "a;{cost};Park",
        "b;50;Bench",
        "VOTES",
        "voter_id;vote;points",
        "1;a,b;{points},1",
        "2;b;1",
        "",
    ]
)
BUDGET_LINE, MAX_LENGTH_LINE, COST_LINE, POINTS_LINE = 5, 7, 10, 14


def election(
    budget: str = "100", cost: str = "60", points: str = "2", max_length: str = "2"
) -> str:
    return FILE.format(budget=budget, cost=cost, points=points, max_length=max_length)


def problem_at(text: str | bytes, line: int, limits: Limits | None = None) -> str:
    """The one message about `line`; the file must be refused."""
    parsed = parse(text, limits)
    assert parsed.instance is None and parsed.profile is None
    messages = [message for at, message in parsed.problems if at == line]
    assert messages, parsed.problems
    return messages[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1e6000000", "without an exponent"),
        ("1E6", "without an exponent"),
        ("2.5e3", "without an exponent"),
        ("-1e5", "without an exponent"),
        ("1e-3", "without an exponent"),
        ("inf", "not a number"),
        ("nan", "not a number"),
        ("0x10", "not a number"),
        ("1_000", "not a number"),
        ("1/2", "not a number"),
        ("+5", "not a number"),
        ("5.", "not a number"),
        (".5", "not a number"),
        ("1,5", "not a number"),
        ("12 000", "not a number"),
        ("\u0661\u0662", "not a number"),  # Arabic-Indic digits, which int() would take
        ("\u00bd", "not a number"),
        ("", "not a number"),
        ("1234567890123456789", "more than 18 digits"),
        ("0.0000000000000000001", "more than 18 digits"),
        ("123456789.0123456789", "more than 18 digits"),
        ("9" * 5000, "more than 18 digits"),
    ],
)
@pytest.mark.parametrize("where", ["budget", "cost"])
def test_bad_numbers_are_refused_with_their_line(where: str, text: str, words: str) -> None:
    """Budget and cost take plain integers and decimals of at most 18 digits, nothing else."""
    if where == "budget":
        message = problem_at(election(budget=text), BUDGET_LINE)
    else:
        message = problem_at(election(cost=text), COST_LINE)
    assert words in message
    assert len(message) < 200  # a long cell is cut short in the message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("100000.0", 100000),
        ("12.50", Fraction(25, 2)),
        ("007", 7),
        (" 60 ", 60),
        ("123456789012345678", 123456789012345678),
        ("0.000000000000000001", Fraction(1, 10**18)),
        ("0" * 100 + "60", 60),  # leading zeros do not count as digits
        ("60." + "0" * 100, 60),  # nor do zeros ending the decimals
    ],
)
def test_plain_numbers_are_read_exactly(text: str, value: Fraction) -> None:
    """Plain integers and decimals (up to 18 digits, extra zeros ignored) read exactly."""
    parsed = parse(election(cost=text))
    assert parsed.problems == ()
    assert parsed.instance is not None
    assert parsed.instance.project("a").cost == value


@pytest.mark.parametrize(
    ("budget", "cost", "line", "words"),
    [
        ("0", "60", BUDGET_LINE, "budget must be more than zero"),
        ("-100", "60", BUDGET_LINE, "budget must be more than zero"),
        ("0.00", "60", BUDGET_LINE, "budget must be more than zero"),
        ("100", "0", COST_LINE, "a cost must be more than zero"),
        ("100", "0.0", COST_LINE, "a cost must be more than zero"),
        ("100", "-5", COST_LINE, "negative cost"),
    ],
)
def test_budget_and_costs_must_be_positive(budget: str, cost: str, line: int, words: str) -> None:
    """A budget or cost of zero or less is refused on its own line."""
    assert words in problem_at(election(budget=budget, cost=cost), line)


@pytest.mark.parametrize(
    ("field", "text", "line", "words"),
    [
        ("points", "2.5", POINTS_LINE, "not a whole number"),
        ("points", "1e2", POINTS_LINE, "without an exponent"),
        ("points", "9" * 19, POINTS_LINE, "more than 18 digits"),
        ("max_length", "2.0", MAX_LENGTH_LINE, "not a whole number"),
        ("max_length", "1e9999999", MAX_LENGTH_LINE, "without an exponent"),
        ("max_length", "two", MAX_LENGTH_LINE, "not a number"),
    ],
)
def test_bad_whole_numbers_are_refused(field: str, text: str, line: int, words: str) -> None:
    """Points and META counts take plain whole numbers only."""
    assert words in problem_at(election(**{field: text}), line)


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    """Over max_bytes: one problem for the whole file (line 0); a higher limit reads it."""
    text = election()
    small = Limits(max_bytes=len(text) - 1)
    assert "more than the limit" in problem_at(text, 0, small)
    assert "more than the limit" in problem_at(text.encode(), 0, small)
    assert parse(text, Limits(max_bytes=len(text))).problems == ()


def test_a_long_line_is_refused_with_its_number() -> None:
    """A line over max_line is named by its number and nothing is read as CSV."""
    long_name = "x" * 200
    text = election().replace("b;50;Bench", f"b;50;{long_name}")
    message = problem_at(text, 11, Limits(max_line=100))
    assert "more than 100" in message
    assert parse(text, Limits(max_line=300)).problems == ()
    windows = text.replace("\n", "\r\n")  # CR LF ends a line too
    assert "more than 100" in problem_at(windows, 11, Limits(max_line=100))


def test_bytes_that_are_not_utf8_name_their_line() -> None:
    """Bytes are read as UTF-8; a bad byte is reported on its line."""
    data = election().encode().replace(b"Bench", b"B\xffnch")
    assert "not UTF-8" in problem_at(data, 11)
    assert parse(election().encode()).problems == ()


def test_problems_are_capped() -> None:
    """A file with thousands of bad lines lists MAX_PROBLEMS of them and how many more."""
    votes = "".join(f"{n};zz;1\n" for n in range(3, 1003))
    text = election().replace("num_votes;2", "num_votes;1002") + votes
    parsed = parse(text)
    assert len(parsed.problems) == MAX_PROBLEMS + 1
    assert parsed.problems[-1] == (0, "and 900 more problems")


def test_money_text_writes_plain_decimals_that_read_back() -> None:
    """Export writes plain decimals (never p/q), which the reader takes back exactly."""
    assert [money_text(v) for v in (7, Fraction(1, 8), Fraction(-5, 2))] == ["7", "0.125", "-2.5"]
    assert money_text(Fraction(12345, 100)) == "123.45"
    assert parse(election(cost=money_text(Fraction(1, 8)))).problems == ()
    with pytest.raises(ValueError, match="plain decimal"):
        money_text(Fraction(1, 3))


def test_cli_limits_can_be_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`wijkstem tally` refuses a file over --max-bytes or with a line over --max-line (exit 2,
    the line on stderr) and counts it when the limits are raised."""
    path = tmp_path / "e.pb"
    path.write_text(election().replace("b;50;Bench", "b;50;" + "x" * 300), encoding="utf-8")
    assert tally_cli.main([str(path), "--rule", "greedy", "--max-bytes", "100"]) == 2
    assert "--max-bytes" in capsys.readouterr().err
    assert tally_cli.main([str(path), "--rule", "greedy", "--max-line", "200"]) == 2
    assert f"{path}:11: the line has 305 characters" in capsys.readouterr().err
    assert tally_cli.main([str(path), "--rule", "greedy", "--max-line", "400"]) == 0
    path.write_text(election(budget="1e6000000"), encoding="utf-8")
    assert tally_cli.main([str(path), "--rule", "greedy"]) == 2
    assert f"{path}:{BUDGET_LINE}: META budget is not a plain number" in capsys.readouterr().err
