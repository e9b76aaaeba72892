"""Read and write the Pabulib .pb format (META, PROJECTS, VOTES) from and to a string.

The reader is built for files from anyone (the public recount page takes uploads): it takes
plain integers and plain decimals only (digits, an optional minus sign and decimal point, no
exponent, at most MAX_DIGITS digits), refuses files and lines over its `Limits` before
reading them as CSV, and lists at most MAX_PROBLEMS problems, so a small file can never make
it build a huge number or spend long on a cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

from ballots.counting.model import (
    POINT_KINDS,
    Ballot,
    BallotKind,
    Constraints,
    Instance,
    Money,
    Profile,
    Project,
    as_money,
)

SECTIONS = ("META", "PROJECTS", "VOTES")
KINDS: tuple[BallotKind, ...] = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
INT_CONSTRAINTS: tuple[str, ...] = (
    "min_length",
    "max_length",
    "min_points",
    "max_points",
    "min_sum_points",
    "max_sum_points",
)
Problem = tuple[int, str]
MAX_DIGITS = 18
MAX_PROBLEMS = 100
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NEWLINE = re.compile(r"\r\n?|\n")
_EXPONENT = re.compile(r"[-+]?[0-9.]*[0-9][0-9.]*[eE][-+]?[0-9]+")


@dataclass(frozen=True)
class Limits:
    """How large a file (bytes of UTF-8) and each of its lines (characters) may be.

    The defaults are about four times the largest shared Pabulib file (3.9 MB, Wroclaw 2015)
    and a hundred times its longest line; `wijkstem tally --max-bytes/--max-line` raise them.
    """

    max_bytes: int = 16 * 1024 * 1024
    max_line: int = 65_536


@dataclass(frozen=True)
class Table:
    """One section as read: its header line, column names and rows (each with its line number)."""

    line: int
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class PabulibFile:
    """A .pb file as text cells, kept so that writing it back loses nothing."""

    meta: tuple[tuple[str, str], ...]
    project_columns: tuple[str, ...]
    project_rows: tuple[tuple[str, ...], ...]
    vote_columns: tuple[str, ...]
    vote_rows: tuple[tuple[str, ...], ...]

    def meta_value(self, key: str) -> str | None:
        """Return a META value, or None when the key is absent."""
        return dict(self.meta).get(key)

    def project_column(self, name: str) -> dict[str, str] | None:
        """Return {project id: cell} for a project column, or None if the column is absent."""
        if name not in self.project_columns:
            return None
        at, key = self.project_columns.index(name), self.project_columns.index("project_id")
        return {row[key]: row[at] for row in self.project_rows}

    def selected(self) -> tuple[str, ...] | None:
        """Return the ids of the projects the file marks as selected (the official outcome)."""
        column = self.project_column("selected")
        if column is None:
            return None
        return tuple(pid for pid, cell in column.items() if cell.strip() not in ("", "0"))


@dataclass(frozen=True)
class Parsed:
    """The result of reading a file: the instance and profile, or the problems found."""

    problems: tuple[Problem, ...]
    file: PabulibFile | None = None
    instance: Instance | None = None
    profile: Profile | None = None


@dataclass
class _Reader:
    """Collects problems while a file is read."""

    problems: list[Problem] = field(default_factory=list)
    left_out: int = 0

    def add(self, line: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((line, message))
        else:
            self.left_out += 1

    def listed(self) -> tuple[Problem, ...]:
        """The problems in line order, and how many were left out past MAX_PROBLEMS."""
        more = [(0, f"and {self.left_out} more problems")] if self.left_out else []
        return tuple(sorted(self.problems) + more)

    def number(self, line: int, what: str, text: str, whole: bool = False) -> Fraction | None:
        """A plain integer or decimal (see the module docstring), or None and a problem."""
        plain = text.strip()
        if (_INTEGER if whole else _DECIMAL).fullmatch(plain):
            value = _plain_value(plain)
            if value is not None:
                return value
            self.add(line, f"{what} has more than {MAX_DIGITS} digits: {_shown(plain)}")
        elif whole and _DECIMAL.fullmatch(plain):
            self.add(line, f"{what} is not a whole number: {_shown(plain)}")
        elif _EXPONENT.fullmatch(plain):
            self.add(
                line,
                f"{what} is not a plain number: {_shown(plain)} "
                "(write the digits out, without an exponent)",
            )
        else:
            self.add(
                line,
                f"{what} is not a number: {_shown(plain)} "
                "(write digits, with a decimal point if needed)",
            )
        return None

    def integer(self, line: int, what: str, text: str) -> int | None:
        value = self.number(line, what, text, whole=True)
        return None if value is None else value.numerator


def _shown(text: str) -> str:
    """The text for a message, cut short when long."""
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _plain_value(text: str) -> Fraction | None:
    """The exact value of a plain number, or None when it has more than MAX_DIGITS digits.

    Leading zeros and zeros ending the decimals do not count; every other digit does, so
    both the size of the number and its number of decimals are bounded.
    """
    sign = -1 if text.startswith("-") else 1
    whole, _, decimals = text.lstrip("-").partition(".")
    whole, decimals = whole.lstrip("0"), decimals.rstrip("0")
    if len(whole) + len(decimals) > MAX_DIGITS:
        return None
    scale = 10 ** len(decimals)
    return Fraction(sign * (int(whole or "0") * scale + int(decimals or "0")), scale)


def _split_sections(text: str, reader: _Reader, limits: Limits) -> dict[str, Table]:
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_line))
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";", quotechar='"')
    sections: dict[str, tuple[int, list[tuple[int, list[str]]]]] = {}
    current: list[tuple[int, list[str]]] | None = None
    try:
        for cells in rows:
            line = rows.line_num
            name = cells[0].strip().upper() if len(cells) == 1 else ""
            if name in SECTIONS:
                if name in sections:
                    reader.add(line, f"section {name} appears twice")
                current = []
                sections[name] = (line, current)
            elif current is None:
                if any(cell.strip() for cell in cells):
                    reader.add(line, "text before the META section")
            elif any(cell.strip() for cell in cells):
                current.append((line, cells))
    except csv.Error as error:
        reader.add(rows.line_num, f"unreadable CSV: {error}")
    return {name: _table(name, line, body, reader) for name, (line, body) in sections.items()}


def _table(name: str, line: int, body: list[tuple[int, list[str]]], reader: _Reader) -> Table:
    if not body:
        reader.add(line, f"section {name} has no header row")
        return Table(line, (), ())
    header_line, header = body[0]
    columns = tuple(cell.strip() for cell in header)
    rows = []
    for row_line, cells in body[1:]:
        if len(cells) != len(columns):
            reader.add(
                row_line, f"{name} row has {len(cells)} cells, the header has {len(columns)}"
            )
            continue
        rows.append((row_line, tuple(cells)))
    return Table(header_line, columns, tuple(rows))


def _constraints(meta: dict[str, tuple[int, str]], reader: _Reader) -> Constraints:
    values: dict[str, Money | None] = {}
    for key in INT_CONSTRAINTS:
        if key in meta:
            values[key] = reader.integer(meta[key][0], f"META {key}", meta[key][1])
    for key in ("min_sum_cost", "max_sum_cost"):
        if key in meta:
            number = reader.number(meta[key][0], f"META {key}", meta[key][1])
            values[key] = None if number is None else as_money(number)
    return Constraints(**values)  # type: ignore[arg-type]  # keys are the dataclass's own field names


def _kind(meta: dict[str, tuple[int, str]], reader: _Reader) -> BallotKind:
    line, text = meta.get("vote_type", (0, "approval"))
    if text.strip() not in KINDS:
        reader.add(line, f"unknown vote_type {text!r} (expected one of {', '.join(KINDS)})")
        return "approval"
    return cast(BallotKind, text.strip())


def _budget(meta: dict[str, tuple[int, str]], reader: _Reader, line: int) -> Money:
    if "budget" not in meta:
        reader.add(line, "META has no budget")
        return 0
    budget_line, text = meta["budget"]
    budget = reader.number(budget_line, "META budget", text)
    if budget is not None and budget <= 0:
        reader.add(budget_line, f"the budget must be more than zero, not {text.strip()}")
    return as_money(budget or Fraction(0))


def _projects(table: Table, reader: _Reader) -> tuple[Project, ...]:
    for needed in ("project_id", "cost"):
        if needed not in table.columns:
            reader.add(table.line, f"PROJECTS has no {needed} column")
            return ()
    at_id, at_cost = table.columns.index("project_id"), table.columns.index("cost")
    at_name = table.columns.index("name") if "name" in table.columns else None
    projects: list[Project] = []
    seen: set[str] = set()
    for line, cells in table.rows:
        pid = cells[at_id].strip()
        cost = reader.number(line, f"cost of project {pid}", cells[at_cost])
        if not pid:
            reader.add(line, "a project has an empty project_id")
        elif pid in seen:
            reader.add(line, f"project {pid} appears twice")
        elif cost is not None and cost < 0:
            reader.add(line, f"project {pid} has a negative cost: {cells[at_cost].strip()}")
        elif cost == 0:
            reader.add(line, f"project {pid} costs nothing: a cost must be more than zero")
        elif cost is not None:
            name = cells[at_name] if at_name is not None else ""
            projects.append(Project(pid, as_money(cost), name))
        seen.add(pid)
    return tuple(projects)


def _ballot(
    kind: BallotKind, line: int, cells: dict[str, str], known: set[str], reader: _Reader
) -> Ballot | None:
    voter = cells["voter_id"].strip()
    vote = tuple(part.strip() for part in cells["vote"].split(",") if part.strip())
    ok = True
    for pid in vote:
        if pid not in known:
            reader.add(line, f"voter {voter} votes for unknown project {pid}")
            ok = False
    if len(set(vote)) != len(vote):
        reader.add(line, f"voter {voter} names a project twice")
        ok = False
    points: tuple[int, ...] | None = None
    if kind in POINT_KINDS and "points" in cells:
        parts = [part for part in cells["points"].split(",") if part.strip()]
        read = [reader.integer(line, f"points of voter {voter}", part) for part in parts]
        if len(read) != len(vote):
            reader.add(line, f"voter {voter} has {len(read)} points for {len(vote)} projects")
            ok = False
        if any(value is None for value in read):
            ok = False
        points = tuple(value or 0 for value in read)
    return Ballot(vote, points, voter) if ok else None


def _ballots(
    kind: BallotKind, table: Table, known: set[str], reader: _Reader
) -> tuple[Ballot, ...]:
    for needed in ("voter_id", "vote"):
        if needed not in table.columns:
            reader.add(table.line, f"VOTES has no {needed} column")
            return ()
    if kind in POINT_KINDS and "points" not in table.columns:
        reader.add(table.line, f"VOTES has no points column, needed for {kind} ballots")
    ballots: list[Ballot] = []
    seen: set[str] = set()
    for line, row in table.rows:
        cells = dict(zip(table.columns, row, strict=True))
        ballot = _ballot(kind, line, cells, known, reader)
        if ballot is not None and ballot.voter_id in seen:
            reader.add(line, f"voter {ballot.voter_id} appears twice")
        elif ballot is not None:
            ballots.append(ballot)
        seen.add(cells["voter_id"].strip())
    return tuple(ballots)


def _check_counts(
    meta: dict[str, tuple[int, str]], counts: dict[str, int], reader: _Reader
) -> None:
    for key, actual in counts.items():
        if key in meta:
            line, text = meta[key]
            expected = reader.integer(line, f"META {key}", text)
            if expected is not None and expected != actual:
                reader.add(line, f"META {key} says {expected}, the file has {actual}")


def _within_limits(data: str | bytes, limits: Limits, reader: _Reader) -> str | None:
    """The file's text when it is UTF-8 within the limits; otherwise None and the problems."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
    if size > limits.max_bytes:
        reader.add(0, f"the file has {size} bytes, more than the limit of {limits.max_bytes}")
        return None
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            reader.add(line, "the file is not UTF-8 text")
            return None
    else:
        text = data
    lines = _NEWLINE.split(text)
    if max(map(len, lines), default=0) > limits.max_line:
        for number, row in enumerate(lines, start=1):
            if len(row) > limits.max_line:
                reader.add(
                    number, f"the line has {len(row)} characters, more than {limits.max_line}"
                )
        return None
    return text


def parse(data: str | bytes, limits: Limits | None = None) -> Parsed:
    """Read a .pb file (its text, or its bytes as UTF-8); return the instance and profile,
    or every problem found.

    Problems are (line number, plain message) pairs, in line order, at most MAX_PROBLEMS of
    them (line 0: the file as a whole). When there is any problem, no instance or profile is
    returned: a file that cannot be read exactly is not counted. A file or line over `limits`
    is refused before it is read as CSV.
    """
    reader = _Reader()
    text = _within_limits(data, limits or Limits(), reader)
    if text is None:
        return Parsed(reader.listed())
    tables = _split_sections(text, reader, limits or Limits())
    for name in SECTIONS:
        if name not in tables:
            reader.add(0, f"the file has no {name} section")
    if reader.problems and len(tables) < len(SECTIONS):
        return Parsed(reader.listed())
    meta_table = tables["META"]
    meta = {row[0].strip(): (line, row[1]) for line, row in meta_table.rows if len(row) >= 2}
    kind = _kind(meta, reader)
    budget = _budget(meta, reader, meta_table.line)
    projects = _projects(tables["PROJECTS"], reader)
    known = {project.id for project in projects}
    ballots = _ballots(kind, tables["VOTES"], known, reader)
    _check_counts(meta, {"num_projects": len(tables["PROJECTS"].rows)}, reader)
    _check_counts(meta, {"num_votes": len(tables["VOTES"].rows)}, reader)
    threshold = None
    if "min_project_score_threshold" in meta:
        line, value = meta["min_project_score_threshold"]
        threshold = reader.integer(line, "META min_project_score_threshold", value)
    constraints = _constraints(meta, reader)
    if reader.problems:
        return Parsed(reader.listed())
    raw = PabulibFile(
        tuple((row[0], row[1]) for _, row in meta_table.rows),
        tables["PROJECTS"].columns,
        tuple(row for _, row in tables["PROJECTS"].rows),
        tables["VOTES"].columns,
        tuple(row for _, row in tables["VOTES"].rows),
    )
    instance = Instance(budget, projects, kind, constraints, threshold)
    return Parsed((), raw, instance, Profile(kind, ballots))


def money_text(value: Money) -> str:
    """Write money the way Pabulib does: an integer, or a plain decimal.

    Raises ValueError for an amount no decimal can write exactly (such as 1/3).
    """
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    places, rest = 0, value.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest != 1:
        raise ValueError(f"{value} cannot be written as a plain decimal")
    while (value * 10**places).denominator != 1:
        places += 1
    scaled = abs(value.numerator * 10**places // value.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def from_model(instance: Instance, profile: Profile, meta: dict[str, str]) -> PabulibFile:
    """Build the cells of a .pb file from an instance and a profile (for export)."""
    base = {"num_projects": str(len(instance.projects)), "num_votes": str(len(profile.ballots))}
    base |= {"budget": money_text(instance.budget), "vote_type": instance.kind}
    merged = {**meta, **base}
    project_rows = tuple((p.id, money_text(p.cost), p.name) for p in instance.projects)
    with_points = instance.kind in POINT_KINDS
    vote_columns: tuple[str, ...] = (
        ("voter_id", "vote", "points") if with_points else ("voter_id", "vote")
    )
    vote_rows = []
    for number, ballot in enumerate(profile.ballots, start=1):
        row: tuple[str, ...] = (ballot.voter_id or str(number), ",".join(ballot.projects))
        if with_points:
            row += (",".join(str(p) for p in ballot.points or ()),)
        vote_rows.append(row)
    return PabulibFile(
        tuple(merged.items()),
        ("project_id", "cost", "name"),
        project_rows,
        vote_columns,
        tuple(vote_rows),
    )


def write(file: PabulibFile) -> str:
    """Write a .pb file to a string (UTF-8 text, no BOM, `;` separated, `"` quoting)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n")
    writer.writerows([["META"], ["key", "value"], *file.meta])
    writer.writerows([["PROJECTS"], file.project_columns, *file.project_rows])
    writer.writerows([["VOTES"], file.vote_columns, *file.vote_rows])
    return out.getvalue()
