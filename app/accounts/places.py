"""The area questions accounts asks, answered through the areas module's queries."""

from __future__ import annotations

from app.areas import queries as area_queries


async def placement(postcode: str) -> list[area_queries.AreaRow]:
    """The area a postcode places a resident in, then its ancestors; empty when outside."""
    if not postcode:
        return []
    area = await area_queries.area_for_postcode(postcode)
    return [] if area is None else await area_queries.lineage(str(area.code))


async def current_area_exists(code: str) -> bool:
    """Whether an area with this code exists and is valid today (not merged or split away)."""
    area = await area_queries.area_by_code(code)
    return area is not None and area_queries.is_current(area)
