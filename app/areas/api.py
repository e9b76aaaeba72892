"""Read-only JSON API of the area tree: /api/v1/areas, with explicit response schemas."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter

from app.areas import queries
from app.areas.queries import AreaRow


class AreaOut(msgspec.Struct):
    """An area of the tree; `valid_to` is null while the area is current."""

    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None
    successors: list[str]


class AreaDetailOut(AreaOut):
    """An area with the codes of its current children and of its ancestors (nearest first)."""

    children: list[str] = msgspec.field(default_factory=list)
    ancestors: list[str] = msgspec.field(default_factory=list)


def to_area(row: AreaRow) -> AreaOut:
    """The public shape of an area row."""
    return AreaOut(
        code=row.code,
        name=row.name,
        level=row.level,
        parent_code=row.parent_code,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        successors=list(row.successors),
    )


class AreaApi(Controller):
    """Areas as open data."""

    path = "/api/v1/areas"
    tags = ["areas"]

    @get("/", name="api_areas")
    async def list_areas(
        self,
        level: Annotated[
            str | None,
            QueryParameter(description="municipality, district, neighbourhood, buurt or street"),
        ] = None,
        parent: Annotated[
            str | None, QueryParameter(description="only children of this code")
        ] = None,
        on: Annotated[
            date | None, QueryParameter(description="valid on this day (default today)")
        ] = None,
    ) -> list[AreaOut]:
        """Areas valid on a day, optionally of one level or below one parent."""
        return [to_area(row) for row in await queries.areas(level=level, parent=parent, on=on)]

    @get("/{code:str}", name="api_area")
    async def get_area(self, code: FromPath[str]) -> AreaDetailOut:
        """One area by code (current or historic), with its children and ancestors."""
        row = await queries.area_by_code(code)
        if row is None:
            raise NotFoundException(f"no area with code {code[:20]}")
        base = to_area(row)
        lineage = await queries.lineage(row.code)
        return AreaDetailOut(
            **{field: getattr(base, field) for field in base.__struct_fields__},
            children=[child.code for child in await queries.children(row.code)],
            ancestors=[item.code for item in lineage[1:]],
        )


ROUTES = [AreaApi]
