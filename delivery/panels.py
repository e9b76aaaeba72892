"""Delivery's blocks on the core pages: funded projects per round (area), per line (programme)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app.areas import queries as area_queries
from app.rounds import overview
from app.rounds import queries as round_queries
from delivery import queries


async def area_panel(area: dict[str, Any]) -> dict[str, object] | None:
    """Each round held in the area and its parts, with its funded projects and progress."""
    today = date.today()
    current = area_queries.is_current(area, today)
    day = today if current or area["valid_to"] is None else area["valid_to"]
    codes = {area["code"], *await area_queries.descendant_codes(area["code"], on=day)}
    rounds = await round_queries.rounds_in_areas(codes)
    polls = await overview.unverified_polls(rounds)
    return {"rounds": await queries.area_rounds(rounds), "unverified": polls}


async def programme_panel(programme: Mapping[str, object]) -> dict[str, object] | None:
    """The projects on the programme's resident-decision lines, with what remains."""
    return {"lines": await queries.programme_delivery(int(str(programme["id"])))}
