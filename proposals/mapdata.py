"""Where each proposal of a round lies on its map: the author's pin, else its area's centre."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# Proposals that are no longer in the running are left off the map.
OFF_MAP = frozenset({"withdrawn", "merged"})

Point = tuple[float, float]
SPREAD = 0.0006  # degrees of latitude (about 65 m) between proposals that share a centre


def area_centres(areas: Sequence[Mapping[str, Any]]) -> dict[str, Point]:
    """Each area's centre: its own, else its nearest ancestor's among these areas."""
    by_code = {str(a["code"]): a for a in areas}
    found: dict[str, Point] = {}
    for code in by_code:
        current: Mapping[str, Any] | None = by_code[code]
        seen: set[str] = set()
        while current is not None and str(current["code"]) not in seen:
            seen.add(str(current["code"]))
            if current.get("lat") is not None and current.get("lon") is not None:
                found[code] = (float(current["lat"]), float(current["lon"]))
                break
            current = by_code.get(str(current.get("parent_code") or ""))
    return found


def _spread(points: list[dict[str, Any]]) -> None:
    """Proposals without a pin that share a centre stand in a small ring, so each can be chosen."""
    groups: dict[Point, list[dict[str, Any]]] = {}
    for point in points:
        if not point["pinned"]:
            groups.setdefault((point["lat"], point["lon"]), []).append(point)
    for (lat, lon), members in groups.items():
        if len(members) < 2:
            continue
        for index, point in enumerate(members):
            angle = 2 * math.pi * index / len(members)
            point["lat"] = round(lat + SPREAD * math.cos(angle), 6)
            point["lon"] = round(lon + SPREAD * math.sin(angle) / math.cos(math.radians(lat)), 6)


def map_data(
    proposals: Sequence[Mapping[str, Any]],
    areas: Sequence[Mapping[str, Any]],
    status_word: Callable[[str], str],
    proposal_url: Callable[[int], str],
) -> dict[str, Any]:
    """The map's JSON: the areas with a centre, and each proposal with a place to stand."""
    centres = area_centres(areas)
    points = []
    for row in proposals:
        if str(row["status"]) in OFF_MAP:
            continue
        pinned = row.get("lat") is not None and row.get("lon") is not None
        where = (float(row["lat"]), float(row["lon"])) if pinned else None
        where = where or centres.get(str(row.get("area_code") or ""))
        if where is None:
            continue
        points.append(
            {
                "id": int(row["id"]),
                "title": str(row["title"]),
                "status": status_word(str(row["status"])),
                "url": proposal_url(int(row["id"])),
                "lat": where[0],
                "lon": where[1],
                "pinned": pinned,
            }
        )
    _spread(points)
    return {
        "areas": [
            {
                "code": str(a["code"]),
                "name": str(a["name"]),
                "level": str(a["level"]),
                "lat": centres[str(a["code"])][0],
                "lon": centres[str(a["code"])][1],
            }
            for a in areas
            if a.get("lat") is not None and a.get("lon") is not None
        ],
        "proposals": points,
    }
