"""Read-only questions about area programmes and their budget lines, for pages and modules."""

from __future__ import annotations

from typing import Any

from app.programmes.tables import BudgetLine, Programme


def _columns() -> list[Any]:
    return [
        Programme.id,
        Programme.area.code.as_alias("area_code"),
        Programme.area.name.as_alias("area_name"),
        Programme.year,
        Programme.title,
        Programme.description,
        Programme.total_cents,
    ]


async def programme(programme_id: int) -> dict[str, Any] | None:
    """One programme with its `lines`, `allocated_cents` and `resident_cents`, or None."""
    row = await Programme.select(*_columns()).where(Programme.id == programme_id).first()
    if row is None:
        return None
    lines = await budget_lines(programme_id)
    return {
        **row,
        "lines": lines,
        "allocated_cents": sum(int(line["amount_cents"]) for line in lines),
        "resident_cents": sum(
            int(line["amount_cents"]) for line in lines if line["kind"] == "resident"
        ),
    }


async def budget_lines(programme_id: int) -> list[dict[str, Any]]:
    """A programme's lines: the resident-decision line first, then by id."""
    rows = await (
        BudgetLine.select(BudgetLine.id, BudgetLine.name, BudgetLine.kind, BudgetLine.amount_cents)
        .where(BudgetLine.programme == programme_id)
        .order_by(BudgetLine.id)
    )
    return sorted(rows, key=lambda line: line["kind"] != "resident")


async def programmes(area_code: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Programmes, optionally of one area and/or one year; newest year first, then by area."""
    query = Programme.select(*_columns())
    if area_code:
        query = query.where(Programme.area.code == area_code.strip().upper())
    if year is not None:
        query = query.where(Programme.year == year)
    return await query.order_by(Programme.year, ascending=False).order_by(Programme.area.code)


async def programmes_of_area(area_code: str, current_year: int) -> list[dict[str, Any]]:
    """An area's programmes with the current year first, then the others newest first."""
    rows = await programmes(area_code=area_code)
    return sorted(rows, key=lambda row: (row["year"] != current_year, -int(row["year"])))


async def programme_for(area_code: str, year: int) -> dict[str, Any] | None:
    """The programme of one area and year, without lines, or None."""
    rows = await programmes(area_code=area_code, year=year)
    return rows[0] if rows else None


async def count_programmes() -> int:
    """How many programmes exist."""
    return int(await Programme.count())


async def count_budget_lines() -> int:
    """How many budget lines exist."""
    return int(await BudgetLine.count())


async def budget_line(line_id: int) -> dict[str, Any] | None:
    """One line with its programme: id, name, kind, amount_cents, programme_id, year, area_code."""
    return await (
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
