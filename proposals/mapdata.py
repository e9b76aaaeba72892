"""Where each proposal of a round lies on its map: the author's pin, else its area's centre."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from proposals.rows import AreaChoice, MapRow

# Proposals that are no longer in the running are left off the map.
OFF_MAP = frozenset({"withdrawn", "merged"})

Point = tuple[float, float]
SPREAD = 0.0006  # degrees of latitude (about 65 m) between proposals that share a centre


def area_centres(areas: Sequence[AreaChoice]) -> dict[str, Point]:
    """Each area's centre: its own, else its nearest ancestor's among these areas."""
    by_code = {a.code: a for a in areas}
    found: dict[str, Point] = {}
    for code in by_code:
        current: AreaChoice | None = by_code[code]
        seen: set[str] = set()
        while current is not None and current.code not in seen:
            seen.add(current.code)
            if current.lat is not None and current.lon is not None:
                found[code] = (float(current.lat), float(current.lon))
                break
            current = by_code.get(current.parent_code or "")
    return found


@dataclass
class _Place:
    """A proposal's place on the map while the ring is laid out."""

    row: MapRow
    lat: float
    lon: float
    pinned: bool


def _spread(places: list[_Place]) -> None:
    """Proposals without a pin that share a centre stand in a small ring, so each can be chosen."""
    groups: dict[Point, list[_Place]] = {}
    for place in places:
        if not place.pinned:
            groups.setdefault((place.lat, place.lon), []).append(place)
    for (lat, lon), members in groups.items():
        if len(members) < 2:
            continue
        for index, place in enumerate(members):
            angle = 2 * math.pi * index / len(members)
            place.lat = round(lat + SPREAD * math.cos(angle), 6)
            place.lon = round(lon + SPREAD * math.sin(angle) / math.cos(math.radians(lat)), 6)


def map_data(
    proposals: Sequence[MapRow],
    areas: Sequence[AreaChoice],
    status_word: Callable[[str], str],
    proposal_url: Callable[[int], str],
) -> dict[str, list[dict[str, object]]]:
    """The map's JSON: the areas with a centre, and each proposal with a place to stand."""
    centres = area_centres(areas)
    places = []
    for row in proposals:
        if row.status in OFF_MAP:
            continue
        pinned = row.lat is not None and row.lon is not None
        where = (
            (float(row.lat), float(row.lon))
            if row.lat is not None and row.lon is not None
            else None
        )
        where = where or centres.get(row.area_code or "")
        if where is None:
            continue
        places.append(_Place(row, where[0], where[1], pinned))
    _spread(places)
    return {
        "areas": [
            {
                "code": a.code,
                "name": a.name,
                "level": a.level,
                "lat": centres[a.code][0],
                "lon": centres[a.code][1],
            }
            for a in areas
            if a.lat is not None and a.lon is not None
        ],
        "proposals": [
            {
                "id": place.row.id,
                "title": place.row.title,
                "status": status_word(place.row.status),
                "url": proposal_url(place.row.id),
                "lat": place.lat,
                "lon": place.lon,
                "pinned": place.pinned,
            }
            for place in places
        ],
    }
