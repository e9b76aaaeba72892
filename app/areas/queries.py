"""Read-only questions about the area tree, for pages and other modules.

Rows are plain dicts with `code`, `name`, `level`, `parent_code`, `valid_from`, `valid_to`
(dates) and `successors` (a list of codes). Queries that take `on` only return areas that
are valid that day (default: today).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from piccolo.columns.combination import Where

from app.areas.postcodes import PostcodeError, parse_postcode
from app.areas.tables import Area, PostcodeRange


def _columns() -> list[Any]:
    return [
        Area.id,
        Area.code,
        Area.name,
        Area.level,
        Area.parent.code.as_alias("parent_code"),
        Area.valid_from,
        Area.valid_to,
        Area.successors,
    ]


def _row(raw: dict[str, Any]) -> dict[str, Any]:
    row = dict(raw)
    row["successors"] = [code for code in str(row.get("successors") or "").split() if code]
    return row


def valid_on(on: date) -> Where | Any:
    """The condition 'valid on this day', for Area queries."""
    return (Area.valid_from <= on) & ((Area.valid_to.is_null()) | (Area.valid_to >= on))


def is_current(area: dict[str, Any], on: date | None = None) -> bool:
    """Whether an area row is valid on the day (default today)."""
    day = on or date.today()
    valid_to = area.get("valid_to")
    return bool(area["valid_from"] <= day and (valid_to is None or valid_to >= day))


async def top_areas(on: date | None = None) -> list[dict[str, Any]]:
    """The districts (the level below the municipality) that are valid on the day."""
    rows = await (
        Area.select(*_columns())
        .where(Area.level == "district", valid_on(on or date.today()))
        .order_by(Area.name)
    )
    return [_row(row) for row in rows]


async def area_by_code(code: str) -> dict[str, Any] | None:
    """The area with this code, current or historic, or None."""
    row = await Area.select(*_columns()).where(Area.code == code.strip().upper()).first()
    return None if row is None else _row(row)


async def names_by_code(codes: Iterable[str]) -> dict[str, str]:
    """The name of each of these area codes that exists (current or historic), in one query."""
    wanted = sorted({code.strip().upper() for code in codes if code})
    if not wanted:
        return {}
    rows = await Area.select(Area.code, Area.name).where(Area.code.is_in(wanted))
    return {str(row["code"]): str(row["name"]) for row in rows}


async def areas(
    level: str | None = None, parent: str | None = None, on: date | None = None
) -> list[dict[str, Any]]:
    """Areas valid on the day, optionally only one level or the children of one parent code."""
    query = Area.select(*_columns()).where(valid_on(on or date.today()))
    if level:
        query = query.where(Area.level == level)
    if parent:
        query = query.where(Area.parent.code == parent.strip().upper())
    rows = await query.order_by(Area.code)
    return [_row(row) for row in rows]


async def every_area() -> list[dict[str, Any]]:
    """Every area ever recorded, historic ones included, by code."""
    return [_row(row) for row in await Area.select(*_columns()).order_by(Area.code)]


async def children(code: str, on: date | None = None) -> list[dict[str, Any]]:
    """The areas directly below this one that are valid on the day, by name."""
    rows = await (
        Area.select(*_columns())
        .where(Area.parent.code == code.strip().upper(), valid_on(on or date.today()))
        .order_by(Area.name)
    )
    return [_row(row) for row in rows]


_DEPTH = 5  # municipality, district, neighbourhood, buurt, street: a lineage in one query
_FIELDS = ("id", "code", "name", "level", "valid_from", "valid_to", "successors")
# Plain SQL, written once: Piccolo spends more time building a five-join select than the
# database spends answering it. Level n's parent code is level n+1's code.
_LINEAGE_SQL = (
    "SELECT "  # noqa: S608  (built from constants at import, the code is a parameter)
    + ", ".join(
        [f'a{n}."{name}" AS a{n}_{name}' for n in range(_DEPTH) for name in _FIELDS]
        + [f'a{n + 1}."code" AS a{n}_parent_code' for n in range(_DEPTH)]
    )
    + ' FROM "area" a0 '
    + " ".join(f'LEFT JOIN "area" a{n + 1} ON a{n}."parent" = a{n + 1}."id"' for n in range(_DEPTH))
    + ' WHERE a0."code" = {}'
)


def _level(found: dict[str, Any], n: int) -> dict[str, Any]:
    """Level n of a lineage row (0 the area itself), with its fields' own names."""
    prefix = f"a{n}_"
    return {name[len(prefix) :]: value for name, value in found.items() if name.startswith(prefix)}


async def lineage(code: str) -> list[dict[str, Any]]:
    """The area then its ancestors up to the municipality; empty for an unknown code."""
    rows = await Area.raw(_LINEAGE_SQL, code.strip().upper())
    chain: list[dict[str, Any]] = []
    seen: set[str] = set()
    current: dict[str, Any] | None = None
    for n in range(_DEPTH if rows else 0):
        current = _level(rows[0], n)
        if current["code"] is None or current["code"] in seen:
            return chain
        chain.append(_row(current))
        seen.add(current["code"])
        if not current["parent_code"]:
            return chain
    while current is not None and current.get("parent_code"):  # deeper than _DEPTH levels
        current = await area_by_code(str(current["parent_code"]))
        if current is None or current["code"] in seen:
            break
        chain.append(current)
        seen.add(current["code"])
    return chain


async def lineage_codes(code: str) -> list[str]:
    """The codes of `lineage(code)`, the shape permission checks take."""
    return [row["code"] for row in await lineage(code)]


async def descendant_codes(code: str, on: date | None = None) -> set[str]:
    """Codes of every area below this one (not the area itself) that is valid on the day."""
    day = on or date.today()
    root = await Area.select(Area.id).where(Area.code == code.strip().upper()).first()
    if root is None:
        return set()
    found: set[str] = set()
    frontier = [int(root["id"])]
    while frontier:
        rows = await Area.select(Area.id, Area.code).where(
            Area.parent.is_in(frontier), valid_on(day)
        )
        frontier = [int(row["id"]) for row in rows if row["code"] not in found]
        found.update(str(row["code"]) for row in rows)
    return found


async def tree(on: date | None = None) -> list[dict[str, Any]]:
    """Every area valid on the day as nested dicts (`children` lists), roots first."""
    rows = [_row(row) for row in await Area.select(*_columns()).where(valid_on(on or date.today()))]
    by_parent: dict[str | None, list[dict[str, Any]]] = {}
    codes = {row["code"] for row in rows}
    for row in sorted(rows, key=lambda r: (r["name"], r["code"])):
        parent = row["parent_code"] if row["parent_code"] in codes else None
        by_parent.setdefault(parent, []).append(row)

    def attach(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "children": [attach(child) for child in by_parent.get(row["code"], [])]}

    return [attach(root) for root in by_parent.get(None, [])]


async def area_for_postcode(postcode: str, on: date | None = None) -> dict[str, Any] | None:
    """The buurt (or street) a postcode lies in on the day, or None (also for a bad postcode)."""
    try:
        parsed = parse_postcode(postcode)
    except PostcodeError:
        return None
    day = on or date.today()
    rows = await (
        PostcodeRange.select(PostcodeRange.area.code.as_alias("code"))
        .where(
            PostcodeRange.digits == parsed.digits,
            PostcodeRange.letters_from <= parsed.letters,
            PostcodeRange.letters_to >= parsed.letters,
            PostcodeRange.area.valid_from <= day,
            (PostcodeRange.area.valid_to.is_null()) | (PostcodeRange.area.valid_to >= day),
        )
        .order_by(PostcodeRange.id)
    )
    if not rows:
        return None
    return await area_by_code(str(rows[0]["code"]))


async def postcode_ranges(code: str) -> list[dict[str, Any]]:
    """The postcode ranges recorded for one area, in order."""
    return await (
        PostcodeRange.select(
            PostcodeRange.digits, PostcodeRange.letters_from, PostcodeRange.letters_to
        )
        .where(PostcodeRange.area.code == code.strip().upper())
        .order_by(PostcodeRange.digits, PostcodeRange.letters_from)
    )


async def count_areas() -> int:
    """How many area rows exist (current and historic)."""
    return int(await Area.count())


async def count_postcode_ranges() -> int:
    """How many postcode ranges exist."""
    return int(await PostcodeRange.count())


async def centres(codes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """The approximate centre (lat, lon) of each of these areas that has one, in one query."""
    wanted = sorted({code.strip().upper() for code in codes if code})
    if not wanted:
        return {}
    rows = await Area.select(Area.code, Area.lat, Area.lon).where(
        Area.code.is_in(wanted), Area.lat.is_not_null(), Area.lon.is_not_null()
    )
    return {str(row["code"]): (float(row["lat"]), float(row["lon"])) for row in rows}


@dataclass(frozen=True)
class AreaNode:
    """One area of the tree, current or historic."""

    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        """Whether the area existed on the day."""
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


@dataclass(frozen=True)
class RangeRow:
    """One postcode range and the id of the area it places addresses in."""

    digits: int
    letters_from: str
    letters_to: str
    area_id: int


async def area_nodes() -> dict[int, AreaNode]:
    """Every area (current and historic) by id."""
    rows = await Area.select(
        Area.id, Area.code, Area.name, Area.level, Area.parent, Area.valid_from, Area.valid_to
    )
    return {
        int(row["id"]): AreaNode(
            id=int(row["id"]),
            code=str(row["code"]),
            name=str(row["name"]),
            level=str(row["level"]),
            parent_id=None if row["parent"] is None else int(row["parent"]),
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
        )
        for row in rows
    }


async def every_postcode_range() -> list[RangeRow]:
    """Every postcode range, in the order they were recorded."""
    rows = await PostcodeRange.select(
        PostcodeRange.digits,
        PostcodeRange.letters_from,
        PostcodeRange.letters_to,
        PostcodeRange.area,
    ).order_by(PostcodeRange.id)
    return [
        RangeRow(int(r["digits"]), str(r["letters_from"]), str(r["letters_to"]), int(r["area"]))
        for r in rows
    ]


async def codes_and_names(area_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The `id`, `code` and `name` of each area, by id."""
    ids = sorted(set(area_ids))
    if not ids:
        return {}
    rows = await Area.select(Area.id, Area.code, Area.name).where(Area.id.is_in(ids))
    return {int(row["id"]): row for row in rows}


async def ids_of_codes(codes: Iterable[str]) -> list[int]:
    """The ids of the areas with these codes (any validity)."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    return [int(a["id"]) for a in await Area.select(Area.id).where(Area.code.is_in(wanted))]


async def areas_by_codes(codes: Iterable[str]) -> list[dict[str, Any]]:
    """The areas with these codes by name: id, code, name, level, parent_code, lat, lon."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    rows: list[dict[str, Any]] = await (
        Area.select(
            Area.id,
            Area.code,
            Area.name,
            Area.level,
            Area.parent.code.as_alias("parent_code"),
            Area.lat,
            Area.lon,
        )
        .where(Area.code.is_in(wanted))
        .order_by(Area.name)
    )
    return rows
