"""Read-only questions about the area tree, for pages and other modules."""

from __future__ import annotations

from typing import Any

from app.areas.tables import Area


async def top_areas() -> list[dict[str, Any]]:
    """The districts (the level below the municipality) that are valid today."""
    return await (
        Area.select(Area.code, Area.name)
        .where(Area.level == "district", Area.valid_to.is_null())
        .order_by(Area.name)
    )
