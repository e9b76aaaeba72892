"""Read-only questions about area programmes and their budget lines, for pages and modules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from piccolo.columns import Column

from app.programmes.tables import BudgetLine, Programme


@dataclass(frozen=True, slots=True)
class ProgrammeSummary:
    """An area's programme for one year, without its lines."""

    id: int
    area_code: str
    area_name: str
    year: int
    title: str
    description: str
    total_cents: int


@dataclass(frozen=True, slots=True)
class LineRow:
    """One budget line of a programme (`kind` "resident" is the resident-decision line)."""

    id: int
    name: str
    kind: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class ProgrammeDetail(ProgrammeSummary):
    """A programme with its lines and what they allocate (all and on the resident line)."""

    lines: tuple[LineRow, ...]
    allocated_cents: int
    resident_cents: int


@dataclass(frozen=True, slots=True)
class LineDetail:
    """A budget line with its programme's id, title, year and area code."""

    id: int
    name: str
    kind: str
    amount_cents: int
    programme_id: int
    programme_title: str
    year: int
    area_code: str


def _columns() -> list[Column]:
    return [
        Programme.id,
        Programme.area.code.as_alias("area_code"),
        Programme.area.name.as_alias("area_name"),
        Programme.year,
        Programme.title,
        Programme.description,
        Programme.total_cents,
    ]


def _summary(row: Mapping[str, object]) -> ProgrammeSummary:
    return ProgrammeSummary(
        id=int(str(row["id"])),
        area_code=str(row["area_code"]),
        area_name=str(row["area_name"]),
        year=int(str(row["year"])),
        title=str(row["title"]),
        description=str(row["description"] or ""),
        total_cents=int(str(row["total_cents"])),
    )


async def programme(programme_id: int) -> ProgrammeDetail | None:
    """One programme with its `lines`, `allocated_cents` and `resident_cents`, or None."""
    row = await Programme.select(*_columns()).where(Programme.id == programme_id).first()
    if row is None:
        return None
    summary = _summary(row)
    lines = await budget_lines(programme_id)
    return ProgrammeDetail(
        id=summary.id,
        area_code=summary.area_code,
        area_name=summary.area_name,
        year=summary.year,
        title=summary.title,
        description=summary.description,
        total_cents=summary.total_cents,
        lines=tuple(lines),
        allocated_cents=sum(line.amount_cents for line in lines),
        resident_cents=sum(line.amount_cents for line in lines if line.kind == "resident"),
    )


async def budget_lines(programme_id: int) -> list[LineRow]:
    """A programme's lines: the resident-decision line first, then by id."""
    rows = await (
        BudgetLine.select(BudgetLine.id, BudgetLine.name, BudgetLine.kind, BudgetLine.amount_cents)
        .where(BudgetLine.programme == programme_id)
        .order_by(BudgetLine.id)
    )
    lines = [
        LineRow(int(r["id"]), str(r["name"]), str(r["kind"]), int(r["amount_cents"])) for r in rows
    ]
    return sorted(lines, key=lambda line: line.kind != "resident")


async def programmes(
    area_code: str | None = None, year: int | None = None
) -> list[ProgrammeSummary]:
    """Programmes, optionally of one area and/or one year; newest year first, then by area."""
    query = Programme.select(*_columns())
    if area_code:
        query = query.where(Programme.area.code == area_code.strip().upper())
    if year is not None:
        query = query.where(Programme.year == year)
    rows = await query.order_by(Programme.year, ascending=False).order_by(Programme.area.code)
    return [_summary(row) for row in rows]


async def programmes_of_area(area_code: str, current_year: int) -> list[ProgrammeSummary]:
    """An area's programmes with the current year first, then the others newest first."""
    rows = await programmes(area_code=area_code)
    return sorted(rows, key=lambda row: (row.year != current_year, -row.year))


async def programme_for(area_code: str, year: int) -> ProgrammeSummary | None:
    """The programme of one area and year, without lines, or None."""
    rows = await programmes(area_code=area_code, year=year)
    return rows[0] if rows else None


async def count_programmes() -> int:
    """How many programmes exist."""
    return int(await Programme.count())


async def count_budget_lines() -> int:
    """How many budget lines exist."""
    return int(await BudgetLine.count())


async def budget_line(line_id: int) -> LineDetail | None:
    """One line with its programme: id, name, kind, amount_cents, programme_id, year, area_code."""
    row = await (
        BudgetLine.select(
            BudgetLine.id,
            BudgetLine.name,
            BudgetLine.kind,
            BudgetLine.amount_cents,
            BudgetLine.programme.as_alias("programme_id"),
            BudgetLine.programme.title.as_alias("programme_title"),
            BudgetLine.programme.year.as_alias("year"),
            BudgetLine.programme._.area._.code.as_alias("area_code"),
        )
        .where(BudgetLine.id == line_id)
        .first()
    )
    if row is None:
        return None
    return LineDetail(
        id=int(row["id"]),
        name=str(row["name"]),
        kind=str(row["kind"]),
        amount_cents=int(row["amount_cents"]),
        programme_id=int(row["programme_id"]),
        programme_title=str(row["programme_title"]),
        year=int(row["year"]),
        area_code=str(row["area_code"]),
    )
