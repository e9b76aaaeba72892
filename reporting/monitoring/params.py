"""Checks the compare page's query: which area codes and which years, or why not."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.i18n import _

MAX_AREAS = 6
MAX_YEARS = 10
FIRST_YEAR, LAST_YEAR = 2000, 2100
_SPLIT = re.compile(r"[\s,;]+")
_CODE = re.compile(r"^[A-Z0-9]{2,20}$")


@dataclass(frozen=True)
class CompareQuery:
    """Area codes (upper case, in the order given) and years (sorted); problems by field."""

    areas: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)


def parse_compare(areas: str, years: str) -> CompareQuery:
    """Read `areas=GB001402,WK001403` and `years=2024,2025`; anything odd becomes a problem."""
    errors: dict[str, str] = {}
    codes: list[str] = []
    for part in _SPLIT.split(areas.strip().upper()[:400]):
        if not part:
            continue
        if not _CODE.match(part):
            errors["areas"] = _("Area codes are letters and digits, for example GB001402.")
        elif part not in codes:
            codes.append(part)
    if len(codes) > MAX_AREAS:
        errors["areas"] = _("Compare at most {count} areas at a time.").format(count=MAX_AREAS)
    found: set[int] = set()
    for part in _SPLIT.split(years.strip()[:200]):
        if not part:
            continue
        if not part.isdigit() or not FIRST_YEAR <= int(part) <= LAST_YEAR:
            errors["years"] = _("Years are written as four digits, for example 2025.")
        else:
            found.add(int(part))
    if len(found) > MAX_YEARS:
        errors["years"] = _("Compare at most {count} years at a time.").format(count=MAX_YEARS)
    return CompareQuery(tuple(codes), tuple(sorted(found)), errors)
