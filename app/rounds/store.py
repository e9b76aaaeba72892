"""Helpers the round use cases share: outcomes, permission look-ups, row values, locks."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from piccolo.columns import Column

from app.accounts.permissions import Principal
from app.areas import queries as area_queries
from app.db import is_sqlite
from app.i18n import _
from app.jsontypes import JSONObject
from app.programmes.money import format_euros
from app.rounds import permissions, phases, queries
from app.rounds.forms import RoundInput
from app.rounds.queries import RoundView
from app.rounds.rules import RoundRules
from app.rounds.tables import Round


async def manages_area(user: Principal | None, area_code: str) -> bool:
    """Fetch the area's lineage and ask the rounds' permissions (app/rounds/permissions.py)."""
    if user is None:
        return permissions.may_manage_round(None, ())
    return permissions.may_manage_round(user, await area_queries.lineage_codes(area_code))


def input_of(view: RoundView) -> RoundInput:
    """A stored round as form input, the base an edit starts from."""
    return RoundInput(
        title=view.title,
        description=view.description,
        amount_cents=view.amount_cents,
        budget_line_id=view.budget_line_id,
        schedule=dict(view.schedule),
        rules=view.rules,
    )


def rules_payload(rules: RoundRules) -> JSONObject:
    """The rules as JSON-ready values."""
    values = asdict(rules)
    values["categories"] = list(rules.categories)
    values["rule_options"] = dict(rules.rule_options)
    return values


def moment(value: datetime | None) -> str | None:
    """A schedule date as ISO text for the audit chain."""
    return None if value is None else value.isoformat()


def columns_of(found: RoundInput) -> dict[str, Any]:  # Round(**values): Table's kwargs
    """The Round column values for a round's input (without area, phase and bookkeeping)."""
    rules = found.rules
    values: dict[str, Any] = {
        "title": found.title,
        "description": found.description,
        "amount_cents": found.amount_cents,
        "budget_line": found.budget_line_id,
        "proposer_min_age": rules.proposer_min_age,
        "max_cost_cents": rules.max_cost_cents,
        "categories": json.dumps(list(rules.categories), ensure_ascii=False),
        "support_threshold": rules.support_threshold,
        "ballot_type": rules.ballot_type,
        "ballot_min": rules.ballot_min,
        "ballot_max": rules.ballot_max,
        "ballot_cost_limit_cents": rules.ballot_cost_limit_cents,
        "points_total": rules.points_total,
        "counting_rule": rules.counting_rule,
        "rule_options": json.dumps(dict(rules.rule_options), sort_keys=True),
        "tie_break": rules.tie_break,
        "allow_blank": rules.allow_blank,
        "allow_vote_change": rules.allow_vote_change,
    }
    for name in phases.SCHEDULED:
        values[f"{name}_starts"] = found.schedule.get(name)
    return values


def changes(old: RoundInput, new: RoundInput) -> JSONObject:
    """The fields that differ, by their public name, with their new JSON-ready value."""
    changed: JSONObject = {}
    for name in ("title", "description", "amount_cents", "budget_line_id"):
        if getattr(old, name) != getattr(new, name):
            changed[name] = getattr(new, name)
    for name in phases.SCHEDULED:
        if old.schedule.get(name) != new.schedule.get(name):
            changed[f"{name}_starts"] = moment(new.schedule.get(name))
    old_rules, new_rules = rules_payload(old.rules), rules_payload(new.rules)
    for name, value in new_rules.items():
        if old_rules[name] != value:
            changed[name] = value
    return changed


def to_columns(changed: JSONObject, new: RoundInput) -> dict[Column | str, object]:
    """The Round columns to write for a set of changed public field names."""
    values = columns_of(new)
    names = {"budget_line_id": "budget_line"}
    return {
        getattr(Round, names.get(name, name)): values[names.get(name, name)] for name in changed
    }


async def lock_line(line_id: int) -> None:
    """Serialise rounds taking money from one line (PostgreSQL; SQLite's IMMEDIATE already does)."""
    if not is_sqlite():
        await Round.raw("SELECT pg_advisory_xact_lock(727275, {})", line_id)


async def money_problems(
    area_code: str, found: RoundInput, except_round: int | None
) -> dict[str, str]:
    """Whether the chosen line belongs to the area's programmes and still holds the amount."""
    if found.budget_line_id is None:
        return {"budget_line": _("Choose the budget line the money comes from.")}
    lines = {line.id: line for line in await queries.resident_lines(area_code, except_round)}
    line = lines.get(found.budget_line_id)
    if line is None:
        return {
            "budget_line": _(
                "Choose a resident-decision budget line of this area's programme "
                "or of a programme of an area above it."
            )
        }
    free = line.amount_cents - await queries.committed_cents(found.budget_line_id, except_round)
    if found.amount_cents > free:
        return {
            "amount": _("This budget line has only {free} left that no other round uses.").format(
                free=format_euros(max(free, 0))
            )
        }
    return {}


async def current_phase(round_id: int) -> str | None:
    """Read the round's phase inside a transaction (locking its row on PostgreSQL)."""
    query = Round.select(Round.phase).where(Round.id == round_id)
    if not is_sqlite():
        query = query.lock_rows()
    row = await query.first()
    return None if row is None else str(row["phase"])
