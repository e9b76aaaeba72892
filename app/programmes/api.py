"""Read-only JSON API of area programmes: /api/v1/programmes, money as integer cents."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter

from app.programmes import queries
from app.programmes.queries import ProgrammeSummary


class BudgetLineOut(msgspec.Struct):
    """One budget line; kind 'resident' is the share residents decide on."""

    id: int
    name: str
    kind: str
    amount_cents: int


class ProgrammeOut(msgspec.Struct):
    """An area programme for one year; amounts in euro cents."""

    id: int
    area_code: str
    area_name: str
    year: int
    title: str
    description: str
    total_cents: int


class ProgrammeDetailOut(ProgrammeOut):
    """A programme with its budget lines and what they add up to."""

    allocated_cents: int = 0
    resident_cents: int = 0
    lines: list[BudgetLineOut] = msgspec.field(default_factory=list)


def _out(row: ProgrammeSummary) -> ProgrammeOut:
    return ProgrammeOut(
        id=row.id,
        area_code=row.area_code,
        area_name=row.area_name,
        year=row.year,
        title=row.title,
        description=row.description,
        total_cents=row.total_cents,
    )


class ProgrammeApi(Controller):
    """Area programmes as open data."""

    path = "/api/v1/programmes"
    tags = ["programmes"]

    @get("/", name="api_programmes")
    async def list_programmes(
        self,
        area: Annotated[str | None, QueryParameter(description="area code, e.g. GB001402")] = None,
        year: Annotated[
            int | None, QueryParameter(ge=2000, le=2100, description="the year")
        ] = None,
    ) -> list[ProgrammeOut]:
        """Programmes, optionally of one area and/or year; newest year first."""
        rows = await queries.programmes(area_code=area, year=year)
        return [_out(row) for row in rows]

    @get("/{programme_id:int}", name="api_programme")
    async def get_programme(self, programme_id: FromPath[int]) -> ProgrammeDetailOut:
        """One programme with its budget lines."""
        row = await queries.programme(programme_id)
        if row is None:
            raise NotFoundException(f"no programme with id {programme_id}")
        return ProgrammeDetailOut(
            **msgspec.structs.asdict(_out(row)),
            allocated_cents=row.allocated_cents,
            resident_cents=row.resident_cents,
            lines=[
                BudgetLineOut(
                    id=line.id, name=line.name, kind=line.kind, amount_cents=line.amount_cents
                )
                for line in row.lines
            ],
        )


ROUTES = [ProgrammeApi]
