"""Pure audit draw: a reproducible random share of completed initiatives from a published seed."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from datetime import date

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def parse_quarter(text: str) -> tuple[date, date]:
    """The first and last day of a quarter written as 2026Q4; ValueError otherwise."""
    found = _QUARTER.match(text.strip().upper())
    if found is None:
        raise ValueError("write the quarter as YYYYQn, for example 2026Q4")
    year, quarter = int(found.group(1)), int(found.group(2))
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def quarter_of(day: date) -> str:
    """The quarter a day lies in, as 2026Q4."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def how_many(population: int, percent: int) -> int:
    """The number drawn: the percentage of the population, rounded up, at least one if any."""
    if population <= 0 or percent <= 0:
        return 0
    return min(population, max(1, math.ceil(population * min(percent, 100) / 100)))


def draw(numbers: Iterable[str], percent: int, seed: str) -> list[str]:
    """Order the grant numbers by SHA-256(seed:number) and take the share; sorted result.

    Anyone with the published seed and the list of completed initiatives can redo it.
    """
    population = sorted(set(numbers))
    ranked = sorted(
        population,
        key=lambda number: hashlib.sha256(f"{seed}:{number}".encode()).hexdigest(),
    )
    return sorted(ranked[: how_many(len(population), percent)])
