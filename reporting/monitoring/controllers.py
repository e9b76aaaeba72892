"""Dashboard pages: the municipality, one area, CSV downloads and the staff compare page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from app.i18n import _
from app.modules import panels_for
from app.web.helpers import error_page, page, staff_required
from reporting.monitoring import queries, views
from reporting.monitoring.csv_export import csv_response, dataset_csv
from reporting.monitoring.figures import DATASETS, comparison, dataset
from reporting.monitoring.params import parse_compare


def _not_found(message: str) -> Template:
    return error_page(404, message)


@get("/monitor", name="monitoring")
async def municipality_dashboard() -> Template:
    """The dashboard of every area together."""
    nodes = await queries.area_nodes()
    return page(
        "monitoring/dashboard.html",
        area=None,
        panels=views.panels(await queries.facts(None, nodes), prefix="all"),
        areas=queries.comparable_areas(nodes, date.today()),
        module_panels=await panels_for("monitor", {"code": None}),
    )


@get("/monitor/{code:str}", name="monitoring_area")
async def area_dashboard(code: FromPath[str]) -> Template:
    """The dashboard of one area and everything below it."""
    nodes = await queries.area_nodes()
    area = queries.find_area(nodes, code)
    if area is None:
        return _not_found(_("There is no area with code {code}.").format(code=code[:20]))
    return page(
        "monitoring/dashboard.html",
        area=area,
        panels=views.panels(await queries.facts(area.id, nodes), prefix=area.code.lower()),
        areas=[],
        module_panels=await panels_for("monitor", {"code": area.code}),
    )


@get("/monitor/csv/{dataset_name:str}", name="monitoring_csv")
async def dashboard_csv(
    dataset_name: FromPath[str],
    area: Annotated[str | None, QueryParameter(max_length=20)] = None,
) -> Response[str]:
    """One dashboard dataset as CSV, for the municipality or one area (`?area=CODE`)."""
    if dataset_name not in DATASETS:
        message = _("There is no dataset called {name}.").format(name=dataset_name[:20])
        raise NotFoundException(message)
    nodes = await queries.area_nodes()
    found = queries.find_area(nodes, area) if area else None
    if area and found is None:
        raise NotFoundException(_("There is no area with code {code}.").format(code=area[:20]))
    facts = await queries.facts(None if found is None else found.id, nodes)
    scope = "gemeente" if found is None else found.code.lower()
    data = dataset(facts, dataset_name)
    return csv_response(dataset_csv(data), f"wijkstem-{dataset_name}-{scope}.csv")


@get("/monitor/vergelijk", name="monitoring_compare", guards=[staff_required])
async def compare(
    areas: Annotated[str, QueryParameter(max_length=400)] = "",
    years: Annotated[str, QueryParameter(max_length=200)] = "",
) -> Template:
    """Staff compare areas and years side by side; bad parameters are a 400 with the reason."""
    ask = parse_compare(areas, years)
    nodes = await queries.area_nodes()
    errors = dict(ask.errors)
    chosen = []
    for code in ask.areas:
        found = queries.find_area(nodes, code)
        if found is None:
            errors["areas"] = _("There is no area with code {code}.").format(code=code)
        else:
            chosen.append(found)
    panel = None
    if chosen and not errors:
        per_area = [(a.code, a.name, await queries.facts(a.id, nodes)) for a in chosen]
        panel = views.comparison_panel(comparison(per_area, list(ask.years) or None))
    return page(
        "monitoring/compare.html",
        status=400 if errors else 200,
        errors=errors,
        form={"areas": areas, "years": years},
        panel=panel,
        areas=queries.comparable_areas(nodes, date.today()),
    )


ROUTES = [municipality_dashboard, area_dashboard, dashboard_csv, compare]
