"""Demo delivery: projects in the decided demo rounds, some delivered, some under way (idempotent).

Projects that a certificate created (the results demo) are used as they are. A demo round in
phase implementing or closed without projects gets them straight from its ballot options (or,
before any ballot list, its feasible proposals), marked as demo, with certificate id 0.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.accounts import queries as account_queries
from app.accounts.permissions import Principal
from app.db import transaction
from app.programmes.money import format_euros_plain
from app.rounds import queries as round_queries
from app.rounds.demo import DEMO_ROUNDS
from ballots import queries as ballot_queries
from delivery import queries, rules, services
from delivery.rows import ProjectRow
from proposals import queries as proposal_queries
from proposals import status as proposal_status

STAFF_EMAIL = "staff@wijkstem.example"
DECIDED = ("certified", "implementing", "closed")
# Rounds being carried out get projects (if no certificate made them) and progress; a round
# that is only certified keeps its projects planned.
CREATE_FOR = ("implementing", "closed")
FUNDABLE = (proposal_status.ON_BALLOT, proposal_status.FEASIBLE, proposal_status.FEASIBLE_CHANGED)


async def _funded(round_id: int, budget_cents: int) -> list[dict[str, object]]:
    """What the demo funds: ballot options (or feasible proposals) in order, within budget."""
    options: list[dict[str, object]] = [
        {
            "project_key": str(o["project_key"]),
            "proposal_id": int(o["proposal_id"]),
            "title": str(o["title"]),
            "amount_cents": int(o["cost_cents"]),
        }
        for o in await ballot_queries.ballot_options(round_id)
    ]
    if not options:
        options = [
            {
                "project_key": str(p.id),
                "proposal_id": p.id,
                "title": p.title[: services.MAX_TITLE],
                "amount_cents": p.cost_cents,
            }
            for p in await proposal_queries.proposals_for_round(round_id, FUNDABLE)
            if not p.hidden
        ]
    chosen, left = [], budget_cents
    for option in options:
        cost = int(str(option["amount_cents"]))
        if cost <= left:
            chosen.append(option)
            left -= cost
    return chosen


def _euros(cents: int) -> str:
    return format_euros_plain(cents)


async def _progress(staff: Principal, projects: list[ProjectRow], closed: bool) -> None:
    """Deliver the first (all, in a closed round), start the second, plan the rest."""
    today = datetime.now(UTC).date()
    for position, project in enumerate(projects):
        pid, amount = project.id, project.amount_cents
        if project.status != rules.PLANNED:
            continue
        steps = [
            ("Opdracht verleend aan de aannemer", 60, True),
            ("Uitvoering gestart", 30, closed or position < 2),
            ("Opgeleverd en geopend met de buurt", -20, closed or position == 0),
        ]
        for title, days_ago, reached in steps:
            day = today - timedelta(days=days_ago)
            outcome = await services.add_milestone(staff, pid, title, day.isoformat())
            if reached and outcome.ok and outcome.value is not None and days_ago > 0:
                await services.reach_milestone(staff, pid, outcome.value, day.isoformat())
        if closed or position == 0:
            await services.record_money(staff, pid, _euros(amount), _euros(amount * 97 // 100))
            await services.change_status(staff, pid, rules.DELIVERED)
            done_id = (await queries.milestones(pid))[-1].id
            await services.reach_milestone(staff, pid, done_id, today.isoformat())
        elif position == 1:
            await services.record_money(staff, pid, _euros(amount), _euros(amount * 2 // 5))
            await services.change_status(staff, pid, rules.IN_PROGRESS)
        else:
            await services.record_money(staff, pid, _euros(amount // 4), _euros(0))


async def load_delivery_demo() -> str:
    """Projects and their progress in the decided demo rounds; running it twice changes nothing."""
    staff_id = await account_queries.user_id_by_email(STAFF_EMAIL)
    if staff_id is None:
        return "delivery: no demo staff account found, load the accounts demo first"
    staff = Principal(
        id=staff_id, email=STAFF_EMAIL, email_confirmed=True, grants=frozenset({("staff", "")})
    )
    created = progressed = 0
    for spec in DEMO_ROUNDS:
        round_id = await round_queries.round_id_by_title(spec.area_code, spec.title)
        view = None if round_id is None else await round_queries.round_by_id(round_id)
        if view is None or view.phase not in DECIDED:
            continue
        projects = await queries.projects_of_rounds([view.id])
        if not projects and view.phase in CREATE_FOR and view.budget_line_id is not None:
            funded = await _funded(view.id, view.amount_cents)
            async with transaction():
                await services.projects_from_certificate(view.id, 0, funded, demo=True)
            created += len(funded)
            projects = await queries.projects_of_rounds([view.id])
        started = any([await queries.milestones(p.id) for p in projects])
        if projects and not started and view.phase in CREATE_FOR:
            ordered = sorted(projects, key=lambda p: p.id)
            await _progress(staff, ordered, closed=view.phase == "closed")
            progressed += len(ordered)
    if not (created or progressed):
        return "delivery: already loaded, nothing changed"
    return f"delivery: added {created} demo projects, recorded progress on {progressed}"
