"""Use cases of area programmes: create and edit programmes and budget lines, each audited.

Every use case validates first, then runs one write transaction that changes the rows and
appends its audit event; it returns problems keyed by form field (empty when it worked).
"""

from __future__ import annotations

from typing import Any

from app.answer import Answer, Problems, answering, done, invalid
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.db import DUPLICATE_ERRORS, is_duplicate, is_sqlite, transaction
from app.i18n import _
from app.modules import committed_on_line
from app.programmes.money import (
    EMPTY,
    NEGATIVE,
    TOO_LARGE,
    MoneyError,
    format_euros,
    parse_euros,
)
from app.programmes.tables import BudgetLine, Programme

KINDS = ("regular", "resident")
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TITLE = 200
MAX_DESCRIPTION = 5000


def money_message(error: MoneyError) -> str:
    """The translated message for an amount that was refused."""
    if error.reason == EMPTY:
        return _("Enter an amount in euros.")
    if error.reason == NEGATIVE:
        return _("The amount cannot be negative.")
    if error.reason == TOO_LARGE:
        return _("The amount cannot be more than 100 million euros.")
    return _("Enter an amount in euros such as 12500 or 12.500,00.")


def _amount(raw: str | int, field: str, problems: Problems) -> int:
    if isinstance(raw, int):
        if raw < 0:
            problems[field] = _("The amount cannot be negative.")
        return raw
    try:
        return parse_euros(raw)
    except MoneyError as error:
        problems[field] = money_message(error)
        return 0


def _text(raw: str, field: str, limit: int, problems: Problems, required: bool = True) -> str:
    value = (raw or "").strip()
    if required and not value:
        problems[field] = _("This field is required.")
    elif len(value) > limit:
        problems[field] = _("This text is too long (at most {limit} characters).").format(
            limit=limit
        )
    return value


async def _lock(programme_id: int) -> dict[str, Any] | None:
    """Read the programme inside the transaction, locking its row on PostgreSQL."""
    query = Programme.select(Programme.id, Programme.total_cents).where(
        Programme.id == programme_id
    )
    if not is_sqlite():  # SQLite's IMMEDIATE transaction already serialises writers
        query = query.lock_rows()
    return await query.first()


async def _allocated(programme_id: int, except_line: int | None = None) -> int:
    rows = await BudgetLine.select(BudgetLine.id, BudgetLine.amount_cents).where(
        BudgetLine.programme == programme_id
    )
    return sum(int(row["amount_cents"]) for row in rows if row["id"] != except_line)


def _over_total() -> Problems:
    return {"amount": _("The budget lines would add up to more than the programme's total.")}


async def create_programme(
    actor: str, area_code: str, year: str | int, title: str, description: str, total: str | int
) -> Answer[int]:
    """Create the programme of an area for a year (one per area and year)."""
    problems: Problems = {}
    try:
        year_number = int(str(year).strip())
    except ValueError:
        year_number = 0
    if not MIN_YEAR <= year_number <= MAX_YEAR:
        problems["year"] = _("Enter a year between 2000 and 2100.")
    title = _text(title, "title", MAX_TITLE, problems)
    description = _text(description, "description", MAX_DESCRIPTION, problems, required=False)
    total_cents = _amount(total, "total", problems)
    area = await area_queries.area_by_code(area_code or "")
    if area is None:
        problems["area"] = _("There is no area with this code.")
    if problems:
        return invalid(problems)
    assert area is not None  # noqa: S101 - checked above
    duplicate = {"year": _("This area already has a programme for that year.")}
    try:
        async with transaction():
            if await Programme.exists().where(
                Programme.area == area.id, Programme.year == year_number
            ):
                return invalid(duplicate)
            row = Programme(
                area=area.id,
                year=year_number,
                title=title,
                description=description,
                total_cents=total_cents,
            )
            await row.save()
            programme_id = int(row.id)
            await append_event(
                actor,
                "programme.create",
                f"programme:{programme_id}",
                {"area": area.code, "year": year_number, "total_cents": total_cents},
            )
    except DUPLICATE_ERRORS as error:
        if not is_duplicate(error):
            raise
        return invalid(duplicate)  # a concurrent request created it first
    return done(programme_id)


@answering
async def update_programme(
    actor: str, programme_id: int, title: str, description: str, total: str | int
) -> Problems:
    """Change a programme's title, description and total (never below its lines' sum)."""
    problems: Problems = {}
    title = _text(title, "title", MAX_TITLE, problems)
    description = _text(description, "description", MAX_DESCRIPTION, problems, required=False)
    total_cents = _amount(total, "total", problems)
    if problems:
        return problems
    async with transaction():
        current = await _lock(programme_id)
        if current is None:
            return {"title": _("This programme does not exist.")}
        if await _allocated(programme_id) > total_cents:
            return {"total": _("The total cannot be less than the budget lines add up to.")}
        await Programme.update(
            {
                Programme.title: title,
                Programme.description: description,
                Programme.total_cents: total_cents,
            }
        ).where(Programme.id == programme_id)
        await append_event(
            actor,
            "programme.update",
            f"programme:{programme_id}",
            {
                "title": title,
                "total_cents": total_cents,
                "previous_total_cents": current["total_cents"],
            },
        )
    return {}


async def _check_line(
    programme_id: int, kind: str, amount_cents: int, line_id: int | None
) -> Problems:
    current = await _lock(programme_id)
    if current is None:
        return {"name": _("This programme does not exist.")}
    if kind == "resident":
        others = await BudgetLine.exists().where(
            BudgetLine.programme == programme_id,
            BudgetLine.kind == "resident",
            BudgetLine.id != (line_id or 0),
        )
        if others:
            return {"kind": _("A programme has one line for resident decisions.")}
    if await _allocated(programme_id, except_line=line_id) + amount_cents > int(
        current["total_cents"]
    ):
        return _over_total()
    return {}


def _line_fields(name: str, kind: str, amount: str | int) -> tuple[str, str, int, Problems]:
    problems: Problems = {}
    name = _text(name, "name", MAX_TITLE, problems)
    if kind not in KINDS:
        problems["kind"] = _("Choose the kind of budget line.")
    amount_cents = _amount(amount, "amount", problems)
    return name, kind, amount_cents, problems


@answering
async def add_budget_line(
    actor: str, programme_id: int, name: str, kind: str, amount: str | int
) -> Problems:
    """Add a budget line, if the lines then still fit in the programme's total."""
    name, kind, amount_cents, problems = _line_fields(name, kind, amount)
    if problems:
        return problems
    async with transaction():
        problems = await _check_line(programme_id, kind, amount_cents, None)
        if problems:
            return problems
        row = BudgetLine(programme=programme_id, name=name, kind=kind, amount_cents=amount_cents)
        await row.save()
        await append_event(
            actor,
            "budget_line.add",
            f"programme:{programme_id}",
            {"line": int(row.id), "name": name, "kind": kind, "amount_cents": amount_cents},
        )
    return {}


@answering
async def update_budget_line(
    actor: str, programme_id: int, line_id: int, name: str, kind: str, amount: str | int
) -> Problems:
    """Change a budget line's name, kind and amount, if the lines still fit in the total."""
    name, kind, amount_cents, problems = _line_fields(name, kind, amount)
    if problems:
        return problems
    async with transaction():
        line = (
            await BudgetLine.select(BudgetLine.amount_cents)
            .where(BudgetLine.id == line_id, BudgetLine.programme == programme_id)
            .first()
        )
        if line is None:
            return {"name": _("This budget line does not exist.")}
        problems = await _check_line(programme_id, kind, amount_cents, line_id)
        if problems:
            return problems
        committed = await committed_on_line(line_id)
        if amount_cents < committed:
            message = _("This line cannot be lower than the {amount} already committed on it.")
            return {"amount": message.format(amount=format_euros(committed))}
        await BudgetLine.update(
            {BudgetLine.name: name, BudgetLine.kind: kind, BudgetLine.amount_cents: amount_cents}
        ).where(BudgetLine.id == line_id)
        await append_event(
            actor,
            "budget_line.update",
            f"programme:{programme_id}",
            {
                "line": line_id,
                "name": name,
                "kind": kind,
                "amount_cents": amount_cents,
                "previous_amount_cents": line["amount_cents"],
            },
        )
    return {}


@answering
async def remove_budget_line(actor: str, programme_id: int, line_id: int) -> Problems:
    """Remove a budget line from a programme."""
    async with transaction():
        await _lock(programme_id)
        line = (
            await BudgetLine.select(BudgetLine.name, BudgetLine.amount_cents)
            .where(BudgetLine.id == line_id, BudgetLine.programme == programme_id)
            .first()
        )
        if line is None:
            return {"name": _("This budget line does not exist.")}
        await BudgetLine.delete().where(BudgetLine.id == line_id)
        await append_event(
            actor,
            "budget_line.remove",
            f"programme:{programme_id}",
            {"line": line_id, "name": line["name"], "amount_cents": line["amount_cents"]},
        )
    return {}
