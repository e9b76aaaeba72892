"""Read-only questions about projects and delivery, for the project, programme and area pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from piccolo.columns import Column

from app.areas import queries as area_queries
from app.programmes import queries as programme_queries
from app.rounds.queries import RoundView
from delivery import rules
from delivery.rows import (
    LineDelivery,
    LineRef,
    MilestoneRow,
    ProjectDetail,
    ProjectFollower,
    ProjectMoney,
    ProjectPhotoRow,
    ProjectRow,
    RoundDelivery,
    StoredProjectPhoto,
)
from delivery.tables import Milestone, Project, ProjectFollow, ProjectPhoto

__all__ = [
    "LineDelivery",
    "LineRef",
    "MilestoneRow",
    "ProjectDetail",
    "ProjectFollower",
    "ProjectMoney",
    "ProjectPhotoRow",
    "ProjectRow",
    "RoundDelivery",
    "StoredProjectPhoto",
]

_ROUND: Any = Project.round  # Piccolo types a two-step join as Column; it is a ForeignKey


def _columns() -> list[Column]:
    return [
        Project.id,
        Project.programme.id.as_alias("programme_id"),
        Project.programme.title.as_alias("programme_title"),
        Project.budget_line.id.as_alias("budget_line_id"),
        Project.round.id.as_alias("round_id"),
        Project.round.title.as_alias("round_title"),
        _ROUND.area.code.as_alias("area_code"),
        _ROUND.area.name.as_alias("area_name"),
        Project.certificate_id,
        Project.proposal_id,
        Project.project_key,
        Project.title,
        Project.amount_cents,
        Project.committed_cents,
        Project.spent_cents,
        Project.status,
        Project.cancel_reason,
        Project.demo,
        Project.updated_at,
    ]


def _cents(row: Mapping[str, Any]) -> dict[str, int]:
    return {key: int(row[key]) for key in ("amount_cents", "committed_cents", "spent_cents")}


def _project(row: Mapping[str, Any]) -> ProjectRow:
    return ProjectRow(**{**row, **_cents(row)})


async def line_of(line_id: int) -> LineRef | None:
    """A budget line's id, programme_id, kind and amount_cents, or None."""
    row = await programme_queries.budget_line(line_id)
    if row is None:
        return None
    return LineRef(
        id=int(row["id"]),
        programme_id=int(row["programme_id"]),
        kind=str(row["kind"]),
        amount_cents=int(row["amount_cents"]),
    )


async def project(project_id: int) -> ProjectDetail | None:
    """One project with its round, area, `lineage` (area codes up), milestones and photos."""
    row = await Project.select(*_columns()).where(Project.id == project_id).first()
    if row is None:
        return None
    return ProjectDetail(
        **{**row, **_cents(row)},
        lineage=tuple(await area_queries.lineage_codes(str(row["area_code"]))),
        milestones=tuple(await milestones(project_id)),
        photos=tuple(await photos(project_id)),
    )


async def project_id_for_slot(slot: str) -> int | None:
    """The project created for '<round>:<project_key>', or None."""
    row = await Project.select(Project.id).where(Project.slot == slot).first()
    return None if row is None else int(row["id"])


async def milestones(project_id: int) -> list[MilestoneRow]:
    """A project's milestones: planned ones by date, undated last."""
    rows = await (
        Milestone.select(
            Milestone.id,
            Milestone.title,
            Milestone.planned_on,
            Milestone.reached_on,
            Milestone.note,
        )
        .where(Milestone.project == project_id)
        .order_by(Milestone.id)
    )
    rows.sort(key=lambda m: (m["planned_on"] is None, m["planned_on"] or 0, m["id"]))
    return [MilestoneRow(**row) for row in rows]


async def photos(project_id: int) -> list[ProjectPhotoRow]:
    """A project's photos, oldest first."""
    rows = await (
        ProjectPhoto.select(
            ProjectPhoto.id, ProjectPhoto.filename, ProjectPhoto.content_type, ProjectPhoto.alt_text
        )
        .where(ProjectPhoto.project == project_id)
        .order_by(ProjectPhoto.id)
    )
    return [ProjectPhotoRow(**row) for row in rows]


async def photo_by_name(filename: str) -> StoredProjectPhoto | None:
    """A stored project photo by its file name, or None."""
    row = (
        await ProjectPhoto.select(ProjectPhoto.filename, ProjectPhoto.content_type)
        .where(ProjectPhoto.filename == filename)
        .first()
    )
    return None if row is None else StoredProjectPhoto(**row)


async def projects_of_rounds(round_ids: Sequence[int]) -> list[ProjectRow]:
    """The projects of some rounds, by round then title."""
    if not round_ids:
        return []
    rows = await (
        Project.select(*_columns())
        .where(Project.round.is_in(list(round_ids)))
        .order_by(Project.round)
        .order_by(Project.title)
    )
    return [_project(row) for row in rows]


async def projects_on_line(line_id: int) -> list[ProjectRow]:
    """The projects whose money sits on one budget line, by title."""
    rows = await (
        Project.select(*_columns()).where(Project.budget_line == line_id).order_by(Project.title)
    )
    return [_project(row) for row in rows]


async def line_delivery(line_id: int) -> LineDelivery | None:
    """A resident line with its projects, `progress` and `remaining_cents` (amount - used)."""
    line = await line_of(line_id)
    if line is None:
        return None
    projects = await projects_on_line(line_id)
    summary = rules.progress(projects)
    return LineDelivery(
        id=line.id,
        programme_id=line.programme_id,
        kind=line.kind,
        amount_cents=line.amount_cents,
        projects=tuple(projects),
        progress=summary,
        remaining_cents=line.amount_cents - summary.used_cents,
    )


async def programme_delivery(programme_id: int) -> list[LineDelivery]:
    """`line_delivery` for each resident-decision line of a programme."""
    lines = [
        line
        for line in await programme_queries.budget_lines(programme_id)
        if line["kind"] == "resident"
    ]
    found = [await line_delivery(int(line["id"])) for line in lines]
    return [line for line in found if line is not None]


async def area_rounds(rounds: Sequence[RoundView]) -> list[RoundDelivery]:
    """Per round (in the given order): its projects and `progress` of delivery."""
    projects = await projects_of_rounds([view.id for view in rounds])
    by_round: dict[int, list[ProjectRow]] = {}
    for row in projects:
        by_round.setdefault(row.round_id, []).append(row)
    return [
        RoundDelivery(
            round=view,
            projects=tuple(by_round.get(view.id, [])),
            progress=rules.progress(by_round.get(view.id, [])),
        )
        for view in rounds
    ]


async def followers(project_id: int) -> list[ProjectFollower]:
    """Who follows a project: the follow's id and pair, and the follower's email, name, language."""
    rows = await ProjectFollow.select(
        ProjectFollow.id,
        ProjectFollow.pair,
        ProjectFollow.user.email.as_alias("email"),
        ProjectFollow.user.name.as_alias("name"),
        ProjectFollow.user.language.as_alias("language"),
    ).where(ProjectFollow.project == project_id)
    return [ProjectFollower(**row) for row in rows]


async def is_following(project_id: int, user_id: int | None) -> bool:
    """Whether this user follows the project."""
    if user_id is None:
        return False
    return bool(
        await ProjectFollow.exists().where(
            ProjectFollow.project == project_id, ProjectFollow.user == user_id
        )
    )


async def personal_data(user_id: int) -> dict[str, object]:
    """The projects an account follows, for its owner's data download."""
    rows = await ProjectFollow.select(ProjectFollow.project).where(ProjectFollow.user == user_id)
    return {"project_follows": rows}


async def money_of_rounds(round_ids: Sequence[int]) -> list[ProjectMoney]:
    """Round, status, amount and spent cents of every project of these rounds."""
    if not round_ids:
        return []
    rows = await Project.select(
        Project.round, Project.status, Project.amount_cents, Project.spent_cents
    ).where(Project.round.is_in(list(round_ids)))
    return [ProjectMoney(**row) for row in rows]


def _public_columns() -> list[Column]:
    return [
        Project.id,
        Project.title,
        Project.round.as_alias("round_id"),
        Project.programme.as_alias("programme_id"),
        Project.programme.area.as_alias("area_id"),
        Project.programme._.area._.code.as_alias("area_code"),
        Project.programme._.area._.name.as_alias("area_name"),
        Project.programme.year.as_alias("year"),
        Project.certificate_id,
        Project.proposal_id,
        Project.project_key,
        Project.amount_cents,
        Project.committed_cents,
        Project.spent_cents,
        Project.status,
        Project.cancel_reason,
        Project.updated_at,
    ]


async def public_projects(
    status: str | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """Every project (by id), optionally of a status or programme year, for open data.

    Open-data records (the API and downloads pick their columns by name), so plain dicts.
    """
    query = Project.select(*_public_columns())
    if status:
        query = query.where(Project.status == status)
    if year is not None:
        query = query.where(Project.programme.year == year)
    rows: list[dict[str, Any]] = await query.order_by(Project.id)
    return rows


async def public_project(project_id: int) -> dict[str, Any] | None:
    """One project's public columns, or None."""
    row: dict[str, Any] | None = (
        await Project.select(*_public_columns()).where(Project.id == project_id).first()
    )
    return row


async def public_milestones(project_id: int | None = None) -> list[dict[str, object]]:
    """Milestones of one project or of every project, in the order they were recorded."""
    query = Milestone.select(
        Milestone.id,
        Milestone.project.as_alias("project_id"),
        Milestone.title,
        Milestone.planned_on,
        Milestone.reached_on,
        Milestone.note,
    )
    if project_id is not None:
        query = query.where(Milestone.project == project_id)
    rows: list[dict[str, object]] = await query.order_by(Milestone.project).order_by(Milestone.id)
    return rows
