"""Read-only questions about the area tree, for pages and other modules.

Areas are `AreaRow`s (frozen dataclasses). Queries that take `on` only return areas that are
valid that day (default: today).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from piccolo.columns import Column
from piccolo.columns.combination import And

from app.areas.postcodes import PostcodeError, parse_postcode
from app.areas.tables import Area, PostcodeRange


@dataclass(frozen=True, slots=True)
class AreaRow:
    """One area of the tree: `valid_to` is None while current; `successors` are area codes."""

    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None
    successors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AreaTreeNode:
    """An area with the areas directly below it, for the tree pages."""

    area: AreaRow
    children: tuple[AreaTreeNode, ...]

    @property
    def code(self) -> str:
        """The area's code."""
        return self.area.code

    @property
    def name(self) -> str:
        """The area's name."""
        return self.area.name

    @property
    def level(self) -> str:
        """The area's level."""
        return self.area.level


@dataclass(frozen=True, slots=True)
class AreaName:
    """An area's id, code and name."""

    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class AreaPlace:
    """An area with its approximate centre, for maps (lat and lon are None when unknown)."""

    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class PostcodeSpan:
    """One postcode range of an area: four digits and the first and last letters."""

    digits: int
    letters_from: str
    letters_to: str


def _columns() -> list[Column]:
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


def _row(raw: Mapping[str, object]) -> AreaRow:
    parent = raw.get("parent_code")
    valid_to = raw.get("valid_to")
    valid_from = raw["valid_from"]
    assert isinstance(valid_from, date)  # noqa: S101  (a NOT NULL date column)
    return AreaRow(
        id=int(str(raw["id"])),
        code=str(raw["code"]),
        name=str(raw["name"]),
        level=str(raw["level"]),
        parent_code=None if parent is None else str(parent),
        valid_from=valid_from,
        valid_to=valid_to if isinstance(valid_to, date) else None,
        successors=tuple(code for code in str(raw.get("successors") or "").split() if code),
    )


def valid_on(on: date) -> And:
    """The condition 'valid on this day', for Area queries."""
    return (Area.valid_from <= on) & ((Area.valid_to.is_null()) | (Area.valid_to >= on))


def is_current(area: AreaRow, on: date | None = None) -> bool:
    """Whether an area is valid on the day (default today)."""
    day = on or date.today()
    return area.valid_from <= day and (area.valid_to is None or area.valid_to >= day)


async def top_areas(on: date | None = None) -> list[AreaRow]:
    """The districts (the level below the municipality) that are valid on the day."""
    rows = await (
        Area.select(*_columns())
        .where(Area.level == "district", valid_on(on or date.today()))
        .order_by(Area.name)
    )
    return [_row(row) for row in rows]


async def area_by_code(code: str) -> AreaRow | None:
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
) -> list[AreaRow]:
    """Areas valid on the day, optionally only one level or the children of one parent code."""
    query = Area.select(*_columns()).where(valid_on(on or date.today()))
    if level:
        query = query.where(Area.level == level)
    if parent:
        query = query.where(Area.parent.code == parent.strip().upper())
    rows = await query.order_by(Area.code)
    return [_row(row) for row in rows]


async def every_area() -> list[AreaRow]:
    """Every area ever recorded, historic ones included, by code."""
    return [_row(row) for row in await Area.select(*_columns()).order_by(Area.code)]


async def children(code: str, on: date | None = None) -> list[AreaRow]:
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


def _level(found: Mapping[str, object], n: int) -> dict[str, object]:
    """Level n of a lineage row (0 the area itself), with its fields' own names."""
    prefix = f"a{n}_"
    return {name[len(prefix) :]: value for name, value in found.items() if name.startswith(prefix)}


async def lineage(code: str) -> list[AreaRow]:
    """The area then its ancestors up to the municipality; empty for an unknown code."""
    rows = await Area.raw(_LINEAGE_SQL, code.strip().upper())
    chain: list[AreaRow] = []
    seen: set[str] = set()
    for n in range(_DEPTH if rows else 0):
        level = _level(rows[0], n)
        if level["code"] is None or level["code"] in seen:
            return chain
        chain.append(_row(level))
        seen.add(chain[-1].code)
        if not chain[-1].parent_code:
            return chain
    parent = chain[-1].parent_code if chain else None
    while parent:  # deeper than _DEPTH levels
        found = await area_by_code(parent)
        if found is None or found.code in seen:
            break
        chain.append(found)
        seen.add(found.code)
        parent = found.parent_code
    return chain


async def lineage_codes(code: str) -> list[str]:
    """The codes of `lineage(code)`, the shape permission checks take."""
    return [row.code for row in await lineage(code)]


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


async def tree(on: date | None = None) -> list[AreaTreeNode]:
    """Every area valid on the day as nested nodes (each with its `children`), roots first."""
    rows = [_row(row) for row in await Area.select(*_columns()).where(valid_on(on or date.today()))]
    by_parent: dict[str | None, list[AreaRow]] = {}
    codes = {row.code for row in rows}
    for row in sorted(rows, key=lambda r: (r.name, r.code)):
        parent = row.parent_code if row.parent_code in codes else None
        by_parent.setdefault(parent, []).append(row)

    def attach(row: AreaRow) -> AreaTreeNode:
        return AreaTreeNode(row, tuple(attach(child) for child in by_parent.get(row.code, [])))

    return [attach(root) for root in by_parent.get(None, [])]


async def area_for_postcode(postcode: str, on: date | None = None) -> AreaRow | None:
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


async def postcode_ranges(code: str) -> list[PostcodeSpan]:
    """The postcode ranges recorded for one area, in order."""
    rows = await (
        PostcodeRange.select(
            PostcodeRange.digits, PostcodeRange.letters_from, PostcodeRange.letters_to
        )
        .where(PostcodeRange.area.code == code.strip().upper())
        .order_by(PostcodeRange.digits, PostcodeRange.letters_from)
    )
    return [
        PostcodeSpan(int(r["digits"]), str(r["letters_from"]), str(r["letters_to"])) for r in rows
    ]


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


async def codes_and_names(area_ids: Iterable[int]) -> dict[int, AreaName]:
    """The `id`, `code` and `name` of each area, by id."""
    ids = sorted(set(area_ids))
    if not ids:
        return {}
    rows = await Area.select(Area.id, Area.code, Area.name).where(Area.id.is_in(ids))
    return {
        int(row["id"]): AreaName(int(row["id"]), str(row["code"]), str(row["name"])) for row in rows
    }


async def ids_of_codes(codes: Iterable[str]) -> list[int]:
    """The ids of the areas with these codes (any validity)."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    return [int(a["id"]) for a in await Area.select(Area.id).where(Area.code.is_in(wanted))]


def _coordinate(value: object) -> float | None:
    return None if value is None else float(str(value))


async def areas_by_codes(codes: Iterable[str]) -> list[AreaPlace]:
    """The areas with these codes by name: id, code, name, level, parent_code, lat, lon."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    rows = await (
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
    return [
        AreaPlace(
            id=int(row["id"]),
            code=str(row["code"]),
            name=str(row["name"]),
            level=str(row["level"]),
            parent_code=None if row["parent_code"] is None else str(row["parent_code"]),
            lat=_coordinate(row["lat"]),
            lon=_coordinate(row["lon"]),
        )
        for row in rows
    ]
