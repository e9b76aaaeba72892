"""Open data pages: the overview of every dataset and the CSV downloads."""

from __future__ import annotations

from litestar import Response, get
from litestar.exceptions import NoRouteMatchFoundException, NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app.i18n import _
from app.web.helpers import page
from app.web.types import WebRequest
from reporting.monitoring.csv_export import csv_response, csv_text
from reporting.opendata import downloads

# The per-round Pabulib export lives on the result page (ballots.results); linked when present.
PABULIB_ROUTE = "result_export_ballots"


def pabulib_url(request: WebRequest, round_id: int) -> str:
    """The Pabulib export of a certified round, or '' while that route does not exist."""
    try:
        return request.app.route_reverse(PABULIB_ROUTE, round_id=round_id)
    except NoRouteMatchFoundException:
        return ""


@get("/open-data", name="opendata")
async def overview(request: WebRequest) -> Template:
    """Every dataset with its JSON and CSV links, and the exports of certified rounds."""
    rounds = [
        {**row, "pabulib": pabulib_url(request, int(str(row["id"])))}
        for row in await downloads.certified_rounds()
    ]
    return page("opendata/index.html", datasets=downloads.catalogue(), rounds=rounds)


@get("/open-data/{filename:str}", name="opendata_csv")
async def dataset_csv(filename: FromPath[str]) -> Response[str]:
    """One dataset as CSV, e.g. /open-data/projects.csv."""
    name = filename.removesuffix(".csv")
    found = await downloads.table(name) if filename.endswith(".csv") else None
    if found is None:
        raise NotFoundException(_("There is no dataset called {name}.").format(name=name[:30]))
    columns, rows = found
    return csv_response(csv_text(columns, rows), f"wijkstem-{name}.csv")


ROUTES = [overview, dataset_csv]
