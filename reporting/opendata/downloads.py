"""The open datasets: what each one holds, its JSON endpoint and its rows for the CSV download."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass

from app.areas import queries as area_queries
from app.i18n import _
from app.jsontypes import JSONObject
from app.programmes import queries as programme_queries
from reporting.opendata import queries
from reporting.opendata.schemas import nested

Rows = list[tuple[object, ...]]


@dataclass(frozen=True)
class OpenDataset:
    """One dataset on the overview page: name (also the CSV file name) and its JSON route."""

    name: str
    title: str
    description: str
    api_route: str


def catalogue() -> list[OpenDataset]:
    """Every dataset, in the order of the overview page."""
    return [
        OpenDataset("areas", _("Areas"), _("The area tree, with historic buurten."), "api_areas"),
        OpenDataset(
            "programmes",
            _("Area programmes"),
            _("Each area's yearly budget and the share residents decide on."),
            "api_programmes",
        ),
        OpenDataset(
            "rounds",
            _("Budget rounds"),
            _("Published rounds, their phase and money."),
            "api_rounds",
        ),
        OpenDataset(
            "proposals",
            _("Proposals"),
            _("Every visible proposal with its cost, status and support (never its author)."),
            "api_rounds",
        ),
        OpenDataset(
            "results",
            _("Certified results"),
            _("One row per project a certified result funded."),
            "api_results",
        ),
        OpenDataset(
            "certificates",
            _("Certificates"),
            _("Each certificate's SHA-256 and the audit chain head it was appended at."),
            "api_certificates",
        ),
        OpenDataset(
            "projects",
            _("Projects"),
            _("Funded projects in delivery: status, money committed and spent."),
            "api_projects",
        ),
        OpenDataset(
            "milestones",
            _("Milestones"),
            _("Planned and reached steps of the projects."),
            "api_projects",
        ),
    ]


def _select(rows: Sequence[JSONObject], columns: Sequence[str]) -> Rows:
    return [tuple(row.get(column) for column in columns) for row in rows]


async def _areas() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = ("code", "name", "level", "parent_code", "valid_from", "valid_to")
    return columns, _select([asdict(area) for area in await area_queries.every_area()], columns)


async def _programmes() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = (
        "id",
        "area_code",
        "area_name",
        "year",
        "title",
        "total_cents",
        "resident_cents",
    )
    rows: list[programme_queries.ProgrammeSummary] = []
    for row in await programme_queries.programmes():
        full = await programme_queries.programme(row.id)
        rows.append(full or row)
    return columns, _select([asdict(r) for r in sorted(rows, key=lambda r: r.id)], columns)


async def _rounds() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = (
        "id",
        "title",
        "area_code",
        "area_name",
        "year",
        "phase",
        "amount_cents",
    )
    columns = (*columns, "ballot_type", "counting_rule", "voting_starts", "counting_starts")
    columns = (*columns, "unverified_poll")
    return columns, _select(await queries.rounds(), columns)


async def _proposals() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = (
        "id",
        "round_id",
        "title",
        "summary",
        "cost_cents",
        "category",
        "area_code",
    )
    columns = (*columns, "status", "support_count", "comment_count", "merged_into", "created_at")
    return columns, _select(await queries.proposals(), columns)


async def _results() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = (
        "round_id",
        "certificate_id",
        "rule",
        "project_key",
        "proposal_id",
        "title",
    )
    columns = (*columns, "cost_cents", "unverified_poll")
    rows = [
        {**result, **item}
        for result in await queries.results()
        for item in nested(result, "funded")
    ]
    return columns, _select(rows, columns)


async def _certificates() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = (
        "id",
        "round_id",
        "result_id",
        "sha256",
        "audit_head",
        "corrects",
        "created_at",
    )
    return columns, _select(await queries.certificates(), columns)


async def _projects() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = (
        "id",
        "title",
        "round_id",
        "programme_id",
        "area_code",
        "year",
        "proposal_id",
    )
    columns = (*columns, "status", "amount_cents", "committed_cents", "spent_cents")
    return columns, _select(await queries.projects(), columns)


async def _milestones() -> tuple[Sequence[str], Rows]:
    columns: tuple[str, ...] = ("id", "project_id", "title", "planned_on", "reached_on", "note")
    return columns, _select(await queries.milestones(), columns)


LOADERS: dict[str, Callable[[], Awaitable[tuple[Sequence[str], Rows]]]] = {
    "areas": _areas,
    "programmes": _programmes,
    "rounds": _rounds,
    "proposals": _proposals,
    "results": _results,
    "certificates": _certificates,
    "projects": _projects,
    "milestones": _milestones,
}


async def table(name: str) -> tuple[Sequence[str], Rows] | None:
    """The header and rows of a dataset, or None for an unknown name."""
    loader = LOADERS.get(name)
    return None if loader is None else await loader()


async def certified_rounds() -> list[JSONObject]:
    """Rounds with a certified result (id, title, area), for the Pabulib export links."""
    return [
        {"id": r["round_id"], "title": r["round_title"], "area_code": r["area_code"]}
        for r in await queries.results()
    ]
