"""Blocks for the core's area and programme pages: initiatives with their totals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.areas import queries as area_queries
from app.web.types import TemplateContext
from initiatives import queries
from initiatives.rows import FundRow


async def area_panel(area: Mapping[str, object]) -> TemplateContext | None:
    """The funds of an area and its parts, with totals and public initiatives."""
    code = str(area["code"])
    codes = {code, *await area_queries.descendant_codes(code)}
    funds = await queries.public_overview(codes)
    if not funds:
        return None
    return {"funds": funds, "area": area, "area_names": await _names(funds)}


async def programme_panel(programme: Mapping[str, object]) -> TemplateContext | None:
    """The initiatives lines of a programme, with totals and public initiatives."""
    lines = programme.get("lines")
    line_ids = {int(line["id"]) for line in lines} if isinstance(lines, list) else set()
    found = []
    for line_id in sorted(line_ids):
        fund = await queries.fund_for_line(line_id)
        if fund is not None:
            found.extend(await queries.public_overview([fund.area_code]))
    unique = {row.id: row for row in found if row.budget_line_id in line_ids}
    if not unique:
        return None
    return {"funds": list(unique.values()), "area_names": await _names(unique.values())}


async def _names(funds: Iterable[FundRow]) -> dict[str, str]:
    """Area names for the funds' area codes (a resident reads "Oosterpark", not WK001403)."""
    return await area_queries.names_by_code(f.area_code for f in funds)


async def monitor_panel(subject: Mapping[str, object]) -> TemplateContext | None:
    """Money to initiatives per area and year, for the monitoring dashboards."""
    code = subject.get("code")
    codes = None if code is None else {str(code), *await area_queries.descendant_codes(str(code))}
    rows = await queries.open_data(codes)
    sums: dict[tuple[str, int], dict[str, int]] = {}
    for row in rows:
        entry = sums.setdefault(
            (row.area_code, row.year),
            {"initiatives": 0, "granted_cents": 0, "paid_cents": 0},
        )
        entry["initiatives"] += 1
        entry["granted_cents"] += row.granted_cents
        entry["paid_cents"] += row.paid_cents
    if not sums:
        return None
    names = await area_queries.names_by_code(area for area, _year in sums)
    return {
        "rows": [
            {"area_code": area, "area_name": names.get(area, area), "year": year, **entry}
            for (area, year), entry in sorted(sums.items())
        ]
    }
