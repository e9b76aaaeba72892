"""Use cases of the area tree: add an area, end its validity, import a tree; each audited."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.answer import Problems, answering
from app.areas import queries
from app.areas.postcodes import valid_letters
from app.areas.tables import Area, PostcodeRange
from app.audit.services import append_event
from app.db import DUPLICATE_ERRORS, is_duplicate, transaction
from app.i18n import _

CODE_PATTERNS = {
    "municipality": re.compile(r"^GM\d{4}$"),
    "district": re.compile(r"^GB\d{6}$"),
    "neighbourhood": re.compile(r"^WK\d{6}$"),
    "buurt": re.compile(r"^BU\d{8}$"),
    "street": re.compile(r"^ST[0-9A-Z]{1,18}$"),
}
PARENT_LEVEL = {
    "municipality": None,
    "district": "municipality",
    "neighbourhood": "district",
    "buurt": "neighbourhood",
    "street": "buurt",
}
MAX_NAME = 120


@dataclass(frozen=True)
class AreaSpec:
    """An area to import: parent by code, validity dates, successor codes when it ended."""

    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None = None
    successors: str = ""


@dataclass(frozen=True)
class RangeSpec:
    """A postcode range NNNN letters_from..letters_to that lies in one area."""

    area_code: str
    digits: int
    letters_from: str = "AA"
    letters_to: str = "ZZ"


def level_names() -> dict[str, str]:
    """The levels with their translated names, for forms and pages."""
    return {
        "municipality": _("Municipality"),
        "district": _("District"),
        "neighbourhood": _("Neighbourhood"),
        "buurt": _("Buurt"),
        "street": _("Street"),
    }


def _parse_day(raw: str | date, field: str, problems: Problems) -> date | None:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        problems[field] = _("Enter a date as YYYY-MM-DD, for example 2026-01-01.")
        return None


@answering
async def add_area(
    actor: str,
    code: str,
    name: str,
    level: str,
    parent_code: str,
    valid_from: str | date,
) -> Problems:
    """Add one area below a parent that is valid on its first day; audited as `area.add`."""
    code = (code or "").strip().upper()
    name = (name or "").strip()
    parent_code = (parent_code or "").strip().upper()
    problems: Problems = {}
    if level not in CODE_PATTERNS:
        problems["level"] = _("Choose a level.")
    elif not CODE_PATTERNS[level].match(code):
        problems["code"] = _(
            "The code does not fit the level: GM + 4 digits for a municipality, GB + 6 for a "
            "district, WK + 6 for a neighbourhood, BU + 8 for a buurt, ST + letters or digits "
            "for a street."
        )
    if not name:
        problems["name"] = _("Enter a name.")
    elif len(name) > MAX_NAME:
        problems["name"] = _("The name is too long (at most 120 characters).")
    first_day = _parse_day(valid_from, "valid_from", problems)
    if problems:
        return problems
    assert first_day is not None  # noqa: S101 - _parse_day reported a problem otherwise
    try:
        return await _insert_area(actor, code, name, level, parent_code, first_day)
    except DUPLICATE_ERRORS as error:
        if is_duplicate(error):  # a concurrent request added the same code first
            return {"code": _("An area with this code already exists.")}
        raise


async def _insert_area(
    actor: str, code: str, name: str, level: str, parent_code: str, first_day: date
) -> Problems:
    async with transaction():
        if await Area.exists().where(Area.code == code):
            return {"code": _("An area with this code already exists.")}
        parent_id: int | None = None
        expected = PARENT_LEVEL[level]
        if expected is None:
            if parent_code:
                return {"parent": _("A municipality has no parent area.")}
        else:
            parent = await queries.area_by_code(parent_code) if parent_code else None
            if parent is None:
                return {"parent": _("There is no area with this parent code.")}
            if parent.level != expected:
                return {"parent": _("The parent must be one level higher in the tree.")}
            if not queries.is_current(parent, first_day):
                return {"parent": _("The parent area is not valid on the first day.")}
            parent_id = int(parent.id)
        await Area.insert(
            Area(code=code, name=name, level=level, parent=parent_id, valid_from=first_day)
        )
        await append_event(
            actor,
            "area.add",
            f"area:{code}",
            {
                "name": name,
                "level": level,
                "parent": parent_code or None,
                "valid_from": first_day.isoformat(),
            },
        )
    return {}


@answering
async def end_area(actor: str, code: str, valid_to: str | date, successors: str = "") -> Problems:
    """Set an area's last day (it merged or split) and name its successors; `area.end`."""
    code = (code or "").strip().upper()
    problems: Problems = {}
    last_day = _parse_day(valid_to, "valid_to", problems)
    successor_codes = [item.upper() for item in re.split(r"[\s,]+", successors or "") if item]
    if problems:
        return problems
    assert last_day is not None  # noqa: S101 - _parse_day reported a problem otherwise
    async with transaction():
        area = await queries.area_by_code(code)
        if area is None:
            return {"code": _("There is no area with this code.")}
        if area.valid_to is not None:
            return {"code": _("This area has already ended.")}
        if last_day < area.valid_from:
            return {"valid_to": _("The last day cannot be before the area's first day.")}
        next_day = last_day + timedelta(days=1)
        if await queries.children(code, on=next_day):
            return {"code": _("This area still has parts after that day: end or move them first.")}
        for successor in successor_codes:
            found = await queries.area_by_code(successor)
            if found is None or successor == code:
                return {"successors": _("Unknown successor code: {code}.").format(code=successor)}
        await Area.update(
            {Area.valid_to: last_day, Area.successors: " ".join(successor_codes)}
        ).where(Area.code == code)
        await append_event(
            actor,
            "area.end",
            f"area:{code}",
            {"valid_to": last_day.isoformat(), "successors": successor_codes},
        )
    return {}


async def import_tree(
    actor: str, areas: Sequence[AreaSpec], ranges: Sequence[RangeSpec]
) -> tuple[int, int]:
    """Add the areas whose codes are new (parents before children) and their postcode ranges.

    Existing codes are left alone, so importing the same tree twice changes nothing. One
    transaction, one `area.import` event when anything was added. Returns (areas, ranges) added.
    """
    added_areas = 0
    added_ranges = 0
    async with transaction():
        existing = {
            str(row["code"]): int(row["id"]) for row in await Area.select(Area.id, Area.code)
        }
        new_codes: set[str] = set()
        for spec in areas:
            if spec.code in existing:
                continue
            parent_id = existing.get(spec.parent_code) if spec.parent_code else None
            if spec.parent_code and parent_id is None:
                raise ValueError(f"parent {spec.parent_code} of {spec.code} is not in the tree")
            row = Area(
                code=spec.code,
                name=spec.name,
                level=spec.level,
                parent=parent_id,
                valid_from=spec.valid_from,
                valid_to=spec.valid_to,
                successors=spec.successors,
            )
            await row.save()
            existing[spec.code] = int(row.id)
            new_codes.add(spec.code)
            added_areas += 1
        rows = [
            PostcodeRange(
                digits=spec.digits,
                letters_from=spec.letters_from,
                letters_to=spec.letters_to,
                area=existing[spec.area_code],
            )
            for spec in ranges
            if spec.area_code in new_codes
            and valid_letters(spec.letters_from)
            and valid_letters(spec.letters_to)
        ]
        if rows:
            await PostcodeRange.insert(*rows)
            added_ranges = len(rows)
        if added_areas or added_ranges:
            await append_event(
                actor, "area.import", "area:tree", {"areas": added_areas, "ranges": added_ranges}
            )
    return added_areas, added_ranges


async def set_missing_centres(actor: str, centres: dict[str, tuple[float, float]]) -> int:
    """Give each listed area that has no centre yet its (lat, lon); audited as `area.centres`.

    Centres already set are left alone, so running it twice changes nothing. Returns how many
    areas got one.
    """
    changed = 0
    async with transaction():
        rows = await Area.select(Area.code).where(Area.lat.is_null())
        for row in rows:
            code = str(row["code"])
            if code not in centres:
                continue
            lat, lon = centres[code]
            await Area.update({Area.lat: lat, Area.lon: lon}).where(Area.code == code)
            changed += 1
        if changed:
            await append_event(actor, "area.centres", "area:tree", {"areas": changed})
    return changed
