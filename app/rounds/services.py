"""Use cases of budget rounds: create, edit, copy, advance, reopen and advance by date.

Each use case validates first, then runs one write transaction that changes the round and
appends its audit event. It answers an Answer (app.answer): the round id, or problems per
form field (translated), or a refusal (forbidden, missing). `user=None` is the trusted
operator (CLI, system).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

from piccolo.columns import Column

from app.accounts.permissions import Principal, is_admin
from app.answer import FORBIDDEN, MISSING, Answer, done, invalid, refused
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.rounds import phases, queries, texts
from app.rounds.forms import parse_round_form
from app.rounds.rules import FAIRNESS_FIELDS
from app.rounds.store import (
    changes,
    columns_of,
    current_phase,
    input_of,
    lock_line,
    manages_area,
    moment,
    money_problems,
    rules_payload,
    to_columns,
)
from app.rounds.tables import Round

# Facts no module may claim: only the certification use case establishes them.
_RESERVED_FACTS = frozenset({"certified"})

MAX_REASON = 1000
# Besides the rules' fairness fields, the money is frozen from voting on.
FROZEN_FIELDS = FAIRNESS_FIELDS | {"amount_cents", "budget_line_id"}
_FIELD_OF = {
    "amount_cents": "amount",
    "budget_line_id": "budget_line",
    "max_cost_cents": "max_cost",
    "ballot_cost_limit_cents": "ballot_cost_limit",
    "rule_options": "counting_rule",
}


async def create_round(
    user: Principal | None, actor: str, area_code: str, data: Mapping[str, str]
) -> Answer[int]:
    """Create a draft round for an area (or one below the user's council area)."""
    area = await area_queries.area_by_code(area_code) if area_code.strip() else None
    if area is None:
        return invalid({"area": _("Choose an existing area.")})
    if not await manages_area(user, area.code):
        return refused(FORBIDDEN, _("You may not manage rounds in this area."))
    found, problems = parse_round_form(data)
    if not area_queries.is_current(area):
        problems["area"] = _("This area no longer exists in this form.")
    if not problems:
        problems.update(await money_problems(area.code, found, None))
    if problems:
        return invalid(problems)
    async with transaction():
        await lock_line(int(found.budget_line_id or 0))
        late = await money_problems(area.code, found, None)
        if late:
            return invalid(late)
        inserted = await Round.insert(
            Round(
                area=int(area.id),
                phase="draft",
                created_by=None if user is None else user.id,
                **columns_of(found),
            )
        )
        round_id = int(inserted[0]["id"])
        await append_event(
            actor,
            "round.create",
            f"round:{round_id}",
            {
                "area_code": area.code,
                "title": found.title,
                "amount_cents": found.amount_cents,
                "budget_line_id": found.budget_line_id,
                "schedule": {name: moment(found.schedule.get(name)) for name in phases.SCHEDULED},
                "rules": rules_payload(found.rules),
            },
        )
    return done(round_id)


async def update_round(
    user: Principal | None, actor: str, round_id: int, data: Mapping[str, str]
) -> Answer[int]:
    """Change texts, money, dates or rules; fairness fields are frozen from voting on."""
    view = await queries.round_by_id(round_id)
    if view is None:
        return refused(MISSING, _("This round does not exist."))
    if not await manages_area(user, view.area_code):
        return refused(FORBIDDEN, _("You may not manage rounds in this area."))
    old = input_of(view)
    new, problems = parse_round_form(data, old)
    changed = changes(old, new)
    problems.update(_frozen_problems(view.phase, changed))
    problems.update(_past_date_problems(view.phase, old.schedule, new.schedule))
    if not problems and {"amount_cents", "budget_line_id"} & set(changed):
        problems.update(await money_problems(view.area_code, new, round_id))
    if problems:
        return invalid(problems)
    if not changed:
        return done(round_id)
    async with transaction():
        await lock_line(int(new.budget_line_id or 0))
        phase = await current_phase(round_id)
        late = _frozen_problems(phase or view.phase, changed)
        if {"amount_cents", "budget_line_id"} & set(changed):
            late.update(await money_problems(view.area_code, new, round_id))
        if late:
            return invalid(late)
        await Round.update(to_columns(changed, new)).where(Round.id == round_id)
        await append_event(
            actor,
            "round.update",
            f"round:{round_id}",
            {"changed": sorted(changed), "values": changed},
        )
    return done(round_id)


def _frozen_problems(phase: str, changed: Mapping[str, object]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if phases.fairness_frozen(phase):
        for name in sorted(FROZEN_FIELDS & set(changed)):
            problems[_FIELD_OF.get(name, name)] = _(
                "This cannot change any more: voting has opened."
            )
    for name in phases.SCHEDULED:
        if f"{name}_starts" in changed and phases.index(name) <= phases.index(phase):
            problems[f"{name}_starts"] = _("This phase has already started; its date is history.")
    return problems


def _past_date_problems(
    phase: str, old: Mapping[str, datetime | None], new: Mapping[str, datetime | None]
) -> dict[str, str]:
    if phase == "draft":
        return {}
    return {
        f"{name}_starts": _(
            "A start that has passed cannot be changed, and a new start must lie ahead."
        )
        for name in phases.past_date_changes(old, new, datetime.now(UTC))
    }


def _next_year(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


async def copy_round(user: Principal | None, actor: str, round_id: int) -> Answer[int]:
    """Start next year's round from this one: a draft with the same area and rules."""
    view = await queries.round_by_id(round_id)
    if view is None:
        return refused(MISSING, _("This round does not exist."))
    if not await manages_area(user, view.area_code):
        return refused(FORBIDDEN, _("You may not manage rounds in this area."))
    title = re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + 1), view.title)
    if title == view.title:
        title = _("{title} (next year)").format(title=view.title)[:200]
    source = input_of(view)
    lines = await queries.resident_lines(view.area_code)
    year = max((line.year for line in lines if line.id == view.budget_line_id), default=0)
    fits = [
        line.id for line in lines if line.year == year + 1 and line.free_cents >= view.amount_cents
    ]
    copy = replace(
        source,
        title=title,
        budget_line_id=fits[0] if fits else None,
        schedule={name: _next_year(source.schedule.get(name)) for name in phases.SCHEDULED},
    )
    async with transaction():
        inserted = await Round.insert(
            Round(
                area=view.area_id,
                phase="draft",
                template_of=round_id,
                created_by=None if user is None else user.id,
                **columns_of(copy),
            )
        )
        new_id = int(inserted[0]["id"])
        await append_event(
            actor,
            "round.copy",
            f"round:{new_id}",
            {"template_of": round_id, "title": title, "budget_line_id": copy.budget_line_id},
        )
    return done(new_id)


async def round_facts(round_id: int) -> phases.Facts:
    """What the modules know about a round's phase preconditions (never `certified`)."""
    from dataclasses import fields

    from app.modules import load_modules

    known = {item.name for item in fields(phases.Facts)} - _RESERVED_FACTS
    found: dict[str, bool] = {}
    for module in load_modules():
        if module.phase_facts is not None:
            found.update(await module.phase_facts(round_id))
    return phases.Facts(**{name: bool(value) for name, value in found.items() if name in known})


async def advance_round(
    user: Principal | None, actor: str, round_id: int, target: str | None = None
) -> Answer[int]:
    """Move a round one phase forward (to `target`, which must be the next phase).

    Never to a phase another use case owns (certified: the second certifier's approval).
    """
    view = await queries.round_by_id(round_id)
    if view is None:
        return refused(MISSING, _("This round does not exist."))
    if not await manages_area(user, view.area_code):
        return refused(FORBIDDEN, _("You may not manage rounds in this area."))
    goal = target or phases.next_phase(view.phase)
    if goal is None:
        return invalid({"phase": _("This round is closed; there is no next phase.")})
    if goal in phases.NOT_BY_HAND:
        return invalid({"phase": texts.transition_message("only certification moves to certified")})
    verdict = phases.check_transition(view.phase, goal, facts=await round_facts(round_id))
    if not verdict.ok:
        return invalid({"phase": texts.transition_message(verdict.reason)})
    if view.phase == "draft" and (view.budget_line_id is None or view.amount_cents <= 0):
        return invalid(
            {"phase": _("Choose the budget line and the amount before opening the round.")}
        )
    async with transaction():
        if await current_phase(round_id) != view.phase:
            return invalid({"phase": _("The round changed in the meantime. Reload the page.")})
        await Round.update({Round.phase: goal}).where(Round.id == round_id)
        await append_event(
            actor, "round.phase", f"round:{round_id}", {"from": view.phase, "to": goal}
        )
    return done(round_id)


async def certify_phase(round_id: int) -> bool:
    """Inside the certification's transaction: move a counting round to certified (audited).

    The only way into `certified`; the caller has recorded the second certifier's approval.
    """
    current = await current_phase(round_id)
    if current is None:
        return False
    verdict = phases.check_transition(current, "certified", facts=phases.Facts(certified=True))
    if not verdict.ok:
        return False
    await Round.update({Round.phase: "certified"}).where(Round.id == round_id)
    await append_event(
        "system", "round.phase", f"round:{round_id}", {"from": current, "to": "certified"}
    )
    return True


async def reopen_round(
    user: Principal, actor: str, round_id: int, target: str, reason: str, now: datetime
) -> Answer[int]:
    """Admin: send a round back to an earlier phase, with a public reason.

    Start dates of the later phases that lie in the past are cleared, so that the dates do
    not move the round forward again at once; the council sets new ones.
    """
    if not is_admin(user):
        return refused(FORBIDDEN, _("You may not manage rounds in this area."))
    view = await queries.round_by_id(round_id)
    if view is None:
        return refused(MISSING, _("This round does not exist."))
    problems: dict[str, str] = {}
    reason = reason.strip()
    if not reason:
        problems["reason"] = _("Give the reason for reopening; it is published.")
    elif len(reason) > MAX_REASON:
        problems["reason"] = _("This text is too long (at most {limit} characters).").format(
            limit=MAX_REASON
        )
    if target not in phases.PHASES or phases.index(target) >= phases.index(view.phase):
        problems["target"] = _("Choose a phase before the current one.")
    if problems:
        return invalid(problems)
    cleared = [
        name
        for name in phases.SCHEDULED
        if phases.index(name) > phases.index(target)
        and (start := view.schedule.get(name)) is not None
        and start <= now
    ]
    async with transaction():
        if await current_phase(round_id) != view.phase:
            return invalid({"target": _("The round changed in the meantime. Reload the page.")})
        values: dict[Column | str, object] = {Round.phase: target}
        values.update({getattr(Round, f"{name}_starts"): None for name in cleared})
        await Round.update(values).where(Round.id == round_id)
        await append_event(
            actor,
            "round.reopen",
            f"round:{round_id}",
            {"from": view.phase, "to": target, "reason": reason, "cleared_dates": cleared},
        )
    return done(round_id)


async def advance_due_rounds(now: datetime | None = None) -> list[tuple[int, str, str]]:
    """Move every opened round whose dates say so, one audited step at a time (actor system)."""
    moment_now = now or datetime.now(UTC)
    moved: list[tuple[int, str, str]] = []
    for row in await queries.active_schedules():
        schedule = row.starts
        if phases.phase_on(schedule, moment_now, row.phase) == row.phase:
            continue
        round_id = row.id
        async with transaction():
            current = await current_phase(round_id)
            if current is None:
                continue
            goal = phases.phase_on(schedule, moment_now, current)
            facts = await round_facts(round_id) if goal != current else phases.Facts()
            while current != goal:
                step = phases.next_phase(current)
                if step is None or not phases.check_transition(current, step, facts=facts).ok:
                    break  # a precondition is missing: the round waits for it
                await Round.update({Round.phase: step}).where(Round.id == round_id)
                await append_event(
                    "system",
                    "round.phase",
                    f"round:{round_id}",
                    {"from": current, "to": step, "by": "date"},
                )
                moved.append((round_id, current, step))
                current = step
    return moved
