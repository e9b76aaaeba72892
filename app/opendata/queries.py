"""Read-only public rows for the open data API and CSVs: never names, emails, codes or keys.

Draft rounds (not yet published) and moderated (hidden) proposals are left out. Rows are
plain dicts whose keys match the fields of app/opendata/schemas.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from app.delivery.tables import Milestone, Project
from app.monitoring import queries as monitoring_queries
from app.rounds.tables import Round
from ballots.box.tables import Participation
from ballots.register import queries as register_queries
from ballots.results.tables import Certificate, Result
from ballots.tables import BallotOption
from proposals.tables import Proposal, ProposalStatusChange


def _year(start: datetime | None, created: datetime) -> int:
    return (start or created).year


async def _scope_ids(area: str | None) -> set[int] | None:
    """Ids of an area and everything below it (any validity); None for no filter."""
    if not area:
        return None
    nodes = await monitoring_queries.area_nodes()
    found = monitoring_queries.find_area(nodes, area)
    return set() if found is None else monitoring_queries.subtree(nodes, found.id)


def _round_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": int(row["id"]),
        "title": str(row["title"]),
        "description": str(row["description"]),
        "area_code": str(row["area_code"]),
        "area_name": str(row["area_name"]),
        "year": _year(row["voting_starts"], row["created_at"]),
        "phase": str(row["phase"]),
        "amount_cents": int(row["amount_cents"]),
        "ballot_type": str(row["ballot_type"]),
        "counting_rule": str(row["counting_rule"]),
        "proposing_starts": row["proposing_starts"],
        "voting_starts": row["voting_starts"],
        "counting_starts": row["counting_starts"],
    }


async def rounds(
    area: str | None = None, phase: str | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """Published rounds, newest first, optionally in an area (or below it), phase or year."""
    scope = await _scope_ids(area)
    query = Round.select(
        *Round.all_columns(),
        Round.area.code.as_alias("area_code"),
        Round.area.name.as_alias("area_name"),
    ).where(Round.phase != "draft")
    if phase:
        query = query.where(Round.phase == phase)
    rows = await query.order_by(Round.id, ascending=False)
    found = [_round_row(row) for row in rows if scope is None or int(row["area"]) in scope]
    found = [row for row in found if year is None or row["year"] == year]
    polls = await register_queries.unverified_polls({row["id"]: row["phase"] for row in found})
    return [{**row, "unverified_poll": row["id"] in polls} for row in found]


async def round_detail(round_id: int) -> dict[str, Any] | None:
    """One published round with its rules and counts, or None."""
    row = (
        await Round.select(
            *Round.all_columns(),
            Round.area.code.as_alias("area_code"),
            Round.area.name.as_alias("area_name"),
        )
        .where(Round.id == round_id, Round.phase != "draft")
        .first()
    )
    if row is None:
        return None
    certified = await Result.exists().where(Result.round == round_id, Result.status == "certified")
    unverified = await register_queries.is_unverified_poll(round_id, str(row["phase"]))
    return {
        **_round_row(row),
        "unverified_poll": unverified,
        "reviewing_starts": row["reviewing_starts"],
        "deliberating_starts": row["deliberating_starts"],
        "max_cost_cents": int(row["max_cost_cents"]),
        "categories": [str(c) for c in json.loads(row["categories"] or "[]")],
        "ballot_min": int(row["ballot_min"]),
        "ballot_max": int(row["ballot_max"]),
        "ballot_cost_limit_cents": int(row["ballot_cost_limit_cents"]),
        "points_total": int(row["points_total"]),
        "tie_break": str(row["tie_break"]),
        "proposals": int(
            await Proposal.count().where(Proposal.round == round_id, Proposal.hidden == "")
        ),
        "participations": int(await Participation.count().where(Participation.round == round_id)),
        "certified": bool(certified),
    }


def _proposal_columns() -> list[Any]:
    return [
        Proposal.id,
        Proposal.round.as_alias("round_id"),
        Proposal.title,
        Proposal.summary,
        Proposal.description,
        Proposal.cost_cents,
        Proposal.category,
        Proposal.area.code.as_alias("area_code"),
        Proposal.area.name.as_alias("area_name"),
        Proposal.status,
        Proposal.support_count,
        Proposal.comment_count,
        Proposal.merged_into,
        Proposal.created_at,
    ]


async def proposals(round_id: int | None = None) -> list[dict[str, Any]]:
    """Visible proposals of published rounds (of one round, or all), oldest first."""
    query = Proposal.select(*_proposal_columns()).where(
        Proposal.hidden == "", Proposal.round.phase != "draft"
    )
    if round_id is not None:
        query = query.where(Proposal.round == round_id)
    rows: list[dict[str, Any]] = await query.order_by(Proposal.id)
    return rows


async def proposal_detail(proposal_id: int) -> dict[str, Any] | None:
    """One visible proposal of a published round with its public status history, or None."""
    row = (
        await Proposal.select(*_proposal_columns())
        .where(Proposal.id == proposal_id, Proposal.hidden == "", Proposal.round.phase != "draft")
        .first()
    )
    if row is None:
        return None
    history = await (
        ProposalStatusChange.select(
            ProposalStatusChange.status, ProposalStatusChange.reason, ProposalStatusChange.at
        )
        .where(ProposalStatusChange.proposal == proposal_id)
        .order_by(ProposalStatusChange.id)
    )
    return {**row, "history": history}


def _flat_counts(value: Any, prefix: str = "") -> dict[str, int]:
    """Integer leaves of a counts JSON object, nested keys joined with '_'."""
    flat: dict[str, int] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            flat.update(_flat_counts(item, f"{prefix}_{key}" if prefix else str(key)))
    elif isinstance(value, int) and not isinstance(value, bool) and prefix:
        flat[prefix] = value
    return flat


async def results(round_id: int | None = None) -> list[dict[str, Any]]:
    """The latest certified result of each round (or of one), with its funded projects."""
    query = Result.select(
        Result.id,
        Result.round,
        Result.rule,
        Result.outcome,
        Result.counts,
        Result.ballots_sha256,
        Result.round.title.as_alias("round_title"),
        Result.round.amount_cents.as_alias("budget_cents"),
        Result.round._.area._.code.as_alias("area_code"),
    ).where(Result.status == "certified")
    if round_id is not None:
        query = query.where(Result.round == round_id)
    latest: dict[int, dict[str, Any]] = {}
    for row in await query.order_by(Result.id):
        latest[int(row["round"])] = row
    if not latest:
        return []
    certificates = {
        int(c["result"]): c
        for c in await Certificate.select(
            Certificate.id, Certificate.result, Certificate.created_at
        ).where(Certificate.result.is_in([int(r["id"]) for r in latest.values()]))
    }
    options: dict[tuple[int, str], dict[str, Any]] = {
        (int(o["round"]), str(o["project_key"])): o
        for o in await BallotOption.select(
            BallotOption.round,
            BallotOption.project_key,
            BallotOption.proposal_id,
            BallotOption.title,
            BallotOption.cost_cents,
        ).where(BallotOption.round.is_in(sorted(latest)))
    }
    polls = await register_queries.unverified_polls({rid: "certified" for rid in latest})
    found = []
    for rid in sorted(latest, reverse=True):
        row = latest[rid]
        selected = [str(k) for k in json.loads(row["outcome"] or "{}").get("selected", [])]
        funded: list[dict[str, Any]] = []
        for key in selected:
            option = options.get((rid, key), {})
            funded.append(
                {
                    "project_key": key,
                    "proposal_id": option.get("proposal_id"),
                    "title": str(option.get("title", "")),
                    "cost_cents": int(option.get("cost_cents", 0)),
                }
            )
        certificate = certificates.get(int(row["id"]))
        found.append(
            {
                "round_id": rid,
                "round_title": str(row["round_title"]),
                "area_code": str(row["area_code"]),
                "result_id": int(row["id"]),
                "certificate_id": None if certificate is None else int(certificate["id"]),
                "certified_at": None if certificate is None else certificate["created_at"],
                "rule": str(row["rule"]),
                "unverified_poll": rid in polls,
                "budget_cents": int(row["budget_cents"]),
                "funded_cents": sum(int(item["cost_cents"]) for item in funded),
                "ballots_sha256": str(row["ballots_sha256"]),
                "counts": _flat_counts(json.loads(row["counts"] or "{}")),
                "funded": funded,
            }
        )
    return found


def _certificate_columns() -> list[Any]:
    return [
        Certificate.id,
        Certificate.round.as_alias("round_id"),
        Certificate.result.as_alias("result_id"),
        Certificate.sha256,
        Certificate.audit_head,
        Certificate.corrects,
        Certificate.created_at,
    ]


async def certificates() -> list[dict[str, Any]]:
    """Every certificate (newest first), without its body."""
    rows: list[dict[str, Any]] = await Certificate.select(*_certificate_columns()).order_by(
        Certificate.id, ascending=False
    )
    return rows


async def certificate(certificate_id: int) -> dict[str, Any] | None:
    """One certificate with its published body (text and parsed), or None."""
    row = (
        await Certificate.select(*_certificate_columns(), Certificate.body)
        .where(Certificate.id == certificate_id)
        .first()
    )
    if row is None:
        return None
    return {**row, "body_text": str(row["body"]), "body": json.loads(row["body"] or "{}")}


def _project_columns() -> list[Any]:
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


async def projects(
    area: str | None = None, status: str | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """Delivery projects, optionally in an area (or below it), of a status or programme year."""
    scope = await _scope_ids(area)
    query = Project.select(*_project_columns())
    if status:
        query = query.where(Project.status == status)
    if year is not None:
        query = query.where(Project.programme.year == year)
    rows = await query.order_by(Project.id)
    return [row for row in rows if scope is None or int(row["area_id"]) in scope]


async def project(project_id: int) -> dict[str, Any] | None:
    """One project with its milestones (by planned date), or None."""
    row = await Project.select(*_project_columns()).where(Project.id == project_id).first()
    if row is None:
        return None
    return {**row, "milestones": await milestones(project_id)}


async def milestones(project_id: int | None = None) -> list[dict[str, Any]]:
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
    rows: list[dict[str, Any]] = await query.order_by(Milestone.project).order_by(Milestone.id)
    return rows
