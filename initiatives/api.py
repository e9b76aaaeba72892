"""Open data on initiatives: the JSON API `/api/v1/initiatives` and a CSV, without personal data."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Response, get
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter
from litestar.types import ControllerRouterHandler

from app.areas import queries as area_queries
from app.csvsafe import csv_text
from initiatives import queries
from initiatives.rows import OpenInitiative

AreaFilter = Annotated[
    str | None,
    QueryParameter(max_length=20, description="area code; includes every area below it"),
]
YearFilter = Annotated[int | None, QueryParameter(ge=2000, le=2100, description="the year")]
FIELDS = (
    "number",
    "area_code",
    "year",
    "title",
    "place",
    "status",
    "outcome",
    "asked_cents",
    "granted_cents",
    "paid_cents",
)


class InitiativeOut(msgspec.Struct):
    """One public initiative: no names, addresses, IBANs or receipts."""

    number: str
    area_code: str
    year: int
    title: str
    place: str
    status: str
    outcome: str
    asked_cents: int
    granted_cents: int
    paid_cents: int


class TotalOut(msgspec.Struct):
    """Money to initiatives per area and year."""

    area_code: str
    year: int
    initiatives: int
    granted_cents: int
    paid_cents: int


class InitiativePage(msgspec.Struct):
    """Initiatives and the totals per area and year."""

    items: list[InitiativeOut]
    totals: list[TotalOut]


async def _rows(area: str | None, year: int | None) -> list[OpenInitiative]:
    codes = None
    if area:
        code = area.strip().upper()
        if await area_queries.area_by_code(code) is None:
            raise ValidationException(f"no area with code {code[:20]}")
        codes = {code, *await area_queries.descendant_codes(code)}
    rows = await queries.open_data(codes)
    return [row for row in rows if year is None or row.year == year]


def _totals(rows: list[OpenInitiative]) -> list[TotalOut]:
    sums: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        entry = sums.setdefault((row.area_code, row.year), [0, 0, 0])
        entry[0] += 1
        entry[1] += row.granted_cents
        entry[2] += row.paid_cents
    return [
        TotalOut(area_code=area, year=year, initiatives=n, granted_cents=g, paid_cents=p)
        for (area, year), (n, g, p) in sorted(sums.items())
    ]


class InitiativeApi(Controller):
    """Residents' initiatives as open data."""

    path = "/api/v1/initiatives"
    tags = ["initiatives"]

    @get("/", name="api_initiatives")
    async def list_initiatives(
        self, area: AreaFilter = None, year: YearFilter = None
    ) -> InitiativePage:
        """Public initiatives with their money, and the totals per area and year."""
        rows = await _rows(area, year)
        return InitiativePage(
            items=[InitiativeOut(**{key: getattr(row, key) for key in FIELDS}) for row in rows],
            totals=_totals(rows),
        )


@get("/open-data/initiatieven.csv", name="initiatives_csv")
async def initiatives_csv(area: AreaFilter = None, year: YearFilter = None) -> Response[str]:
    """The same initiatives as CSV (formula-safe cells)."""
    rows = await _rows(area, year)
    body = csv_text(FIELDS, [[getattr(row, key) for key in FIELDS] for row in rows])
    return Response(
        content=body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="initiatieven.csv"'},
    )


ROUTES: list[ControllerRouterHandler] = [InitiativeApi, initiatives_csv]
