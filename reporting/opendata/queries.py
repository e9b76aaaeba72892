"""Read-only public rows for the open data API and CSVs: never names, emails, codes or keys.

Draft rounds (not yet published) and moderated (hidden) proposals are left out. Rows are
plain dicts whose keys match the fields of reporting/opendata/schemas.py.
"""

from __future__ import annotations

import json
from datetime import datetime

from app.jsontypes import JSONObject
from app.rounds import queries as round_queries
from app.rounds.queries import PublishedRound
from ballots import queries as ballot_queries
from ballots.box import queries as box_queries
from ballots.register import queries as register_queries
from ballots.results import queries as result_queries
from delivery import queries as delivery_queries
from proposals import queries as proposal_queries
from reporting.monitoring import queries as monitoring_queries


def _year(start: datetime | None, created: datetime) -> int:
    return (start or created).year


async def _scope_ids(area: str | None) -> set[int] | None:
    """Ids of an area and everything below it (any validity); None for no filter."""
    if not area:
        return None
    nodes = await monitoring_queries.area_nodes()
    found = monitoring_queries.find_area(nodes, area)
    return set() if found is None else monitoring_queries.subtree(nodes, found.id)


def _round_row(row: PublishedRound) -> JSONObject:
    return {
        "id": row.id,
        "title": row.title,
        "description": row.description,
        "area_code": row.area_code,
        "area_name": row.area_name,
        "year": _year(row.starts.get("voting"), row.created_at),
        "phase": row.phase,
        "amount_cents": row.amount_cents,
        "ballot_type": row.ballot_type,
        "counting_rule": row.counting_rule,
        "proposing_starts": row.starts.get("proposing"),
        "voting_starts": row.starts.get("voting"),
        "counting_starts": row.starts.get("counting"),
    }


async def rounds(
    area: str | None = None, phase: str | None = None, year: int | None = None
) -> list[JSONObject]:
    """Published rounds, newest first, optionally in an area (or below it), phase or year."""
    scope = await _scope_ids(area)
    rows = await round_queries.published_rows(phase)
    found = [
        row
        for row in rows
        if (scope is None or row.area_id in scope)
        and (year is None or _year(row.starts.get("voting"), row.created_at) == year)
    ]
    polls = await register_queries.unverified_polls({row.id: row.phase for row in found})
    return [{**_round_row(row), "unverified_poll": row.id in polls} for row in found]


async def round_detail(round_id: int) -> JSONObject | None:
    """One published round with its rules and counts, or None."""
    row = await round_queries.published_row(round_id)
    if row is None:
        return None
    unverified = await register_queries.is_unverified_poll(round_id, row.phase)
    return {
        **_round_row(row),
        "unverified_poll": unverified,
        "reviewing_starts": row.starts.get("reviewing"),
        "deliberating_starts": row.starts.get("deliberating"),
        "max_cost_cents": row.max_cost_cents,
        "categories": list(row.categories),
        "ballot_min": row.ballot_min,
        "ballot_max": row.ballot_max,
        "ballot_cost_limit_cents": row.ballot_cost_limit_cents,
        "points_total": row.points_total,
        "tie_break": row.tie_break,
        "proposals": await proposal_queries.visible_count(round_id),
        "participations": await box_queries.participations(round_id),
        "certified": await result_queries.is_certified(round_id),
    }


async def proposals(round_id: int | None = None) -> list[JSONObject]:
    """Visible proposals of published rounds (of one round, or all), oldest first."""
    return await proposal_queries.public_proposals(round_id)


async def proposal_detail(proposal_id: int) -> JSONObject | None:
    """One visible proposal of a published round with its public status history, or None."""
    return await proposal_queries.public_proposal(proposal_id)


def _flat_counts(value: object, prefix: str = "") -> dict[str, int]:
    """Integer leaves of a counts JSON object, nested keys joined with '_'."""
    flat: dict[str, int] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            flat.update(_flat_counts(item, f"{prefix}_{key}" if prefix else str(key)))
    elif isinstance(value, int) and not isinstance(value, bool) and prefix:
        flat[prefix] = value
    return flat


async def results(round_id: int | None = None) -> list[JSONObject]:
    """The latest certified result of each round (or of one), with its funded projects."""
    latest = await result_queries.latest_certified(round_id)
    if not latest:
        return []
    certificates = await result_queries.certificates_of_results(
        [int(r["id"]) for r in latest.values()]
    )
    options = await ballot_queries.options_of_rounds(sorted(latest))
    polls = await register_queries.unverified_polls({rid: "certified" for rid in latest})
    found = []
    for rid in sorted(latest, reverse=True):
        row = latest[rid]
        selected = [str(k) for k in json.loads(row["outcome"] or "{}").get("selected", [])]
        funded: list[JSONObject] = []
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
                "funded_cents": sum(int(str(item["cost_cents"])) for item in funded),
                "ballots_sha256": str(row["ballots_sha256"]),
                "counts": _flat_counts(json.loads(row["counts"] or "{}")),
                "funded": funded,
            }
        )
    return found


async def certificates() -> list[JSONObject]:
    """Every certificate (newest first), without its body."""
    return await result_queries.public_certificates()


async def certificate(certificate_id: int) -> JSONObject | None:
    """One certificate with its published body (text and parsed), or None."""
    return await result_queries.public_certificate(certificate_id)


async def projects(
    area: str | None = None, status: str | None = None, year: int | None = None
) -> list[JSONObject]:
    """Delivery projects, optionally in an area (or below it), of a status or programme year."""
    scope = await _scope_ids(area)
    rows = await delivery_queries.public_projects(status, year)
    return [row for row in rows if scope is None or int(row["area_id"]) in scope]


async def project(project_id: int) -> JSONObject | None:
    """One project with its milestones (by planned date), or None."""
    row = await delivery_queries.public_project(project_id)
    if row is None:
        return None
    return {**row, "milestones": await milestones(project_id)}


async def milestones(project_id: int | None = None) -> list[JSONObject]:
    """Milestones of one project or of every project, in the order they were recorded."""
    return await delivery_queries.public_milestones(project_id)
