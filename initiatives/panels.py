"""Blocks for the core's area and programme pages: initiatives with their totals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.areas import queries as area_queries
from app.areas.queries import AreaRow
from app.programmes.queries import ProgrammeDetail
from initiatives import queries


async def area_panel(area: AreaRow) -> dict[str, Any] | None:
    """The funds of an area and its parts, with totals and public initiatives."""
    code = area.code
    codes = {code, *await area_queries.descendant_codes(code)}
    funds = await queries.public_overview(codes)
    if not funds:
        return None
    return {"funds": funds, "area": area, "area_names": await _names(funds)}


async def programme_panel(programme: ProgrammeDetail) -> dict[str, Any] | None:
    """The initiatives lines of a programme, with totals and public initiatives."""
    line_ids = {line.id for line in programme.lines}
    found = []
    for line_id in sorted(line_ids):
        fund = await queries.fund_for_line(line_id)
        if fund is not None:
            found.extend(await queries.public_overview([str(fund["area_code"])]))
    unique = {int(row["id"]): row for row in found if int(row["budget_line_id"]) in line_ids}
    if not unique:
        return None
    return {"funds": list(unique.values()), "area_names": await _names(unique.values())}


async def _names(funds: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Area names for the funds' area codes (a resident reads "Oosterpark", not WK001403)."""
    return await area_queries.names_by_code(str(f["area_code"]) for f in funds)


async def monitor_panel(subject: dict[str, Any]) -> dict[str, Any] | None:
    """Money to initiatives per area and year, for the monitoring dashboards."""
    code = subject.get("code")
    codes = None if code is None else {str(code), *await area_queries.descendant_codes(code)}
    rows = await queries.open_data(codes)
    sums: dict[tuple[str, int], dict[str, int]] = {}
    for row in rows:
        entry = sums.setdefault(
            (str(row["area_code"]), int(row["year"])),
            {"initiatives": 0, "granted_cents": 0, "paid_cents": 0},
        )
        entry["initiatives"] += 1
        entry["granted_cents"] += int(row["granted_cents"])
        entry["paid_cents"] += int(row["paid_cents"])
    if not sums:
        return None
    names = await area_queries.names_by_code(area for area, _year in sums)
    return {
        "rows": [
            {"area_code": area, "area_name": names.get(area, area), "year": year, **entry}
            for (area, year), entry in sorted(sums.items())
        ]
    }
