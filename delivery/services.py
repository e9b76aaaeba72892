"""Use cases of delivery: projects from a certificate, then status, milestones and money.

Every update checks who may record delivery for the project's area, validates, and runs one
transaction that changes the rows and appends its audit event; followers are told after
the commit. `projects_from_certificate` runs inside the caller's certification transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from app.accounts.permissions import Principal
from app.answer import FORBIDDEN, LOGIN, MISSING, Answer, done, invalid, refused
from app.audit.services import append_event
from app.db import transaction
from app.events import publish
from app.i18n import _
from app.programmes.money import MAX_CENTS, MoneyError, parse_euros
from app.programmes.services import money_message
from app.rounds import queries as round_queries
from delivery import follows, permissions, queries, rules
from delivery.rows import FundedOption, ProjectDetail
from delivery.tables import Milestone, Project
from proposals import queries as proposal_queries

PROGRESS_EVENT = "delivery.progress"  # payload: project_id, kind ('status'|'milestone'), ...
MAX_TITLE = 120


def slot(round_id: int, project_key: str) -> str:
    """The unique key of a round's funded option: a project is created once per slot."""
    return f"{round_id}:{project_key}"


async def projects_from_certificate(
    round_id: int, certificate_id: int, funded: Sequence[Mapping[str, object]], demo: bool = False
) -> None:
    """Create a planned project per funded option on the round's resident line (idempotent).

    Call inside the certification transaction: it opens none of its own, so a failure here
    undoes the certificate too. Each funded dict has project_key, proposal_id, title and
    amount_cents. The proposer of each new project follows it (see follows.py). Raises
    ValueError for a round without a budget line or a malformed funded entry.
    """
    found = await round_queries.round_by_id(round_id)
    if found is None or found.budget_line_id is None:
        raise ValueError(f"round {round_id} has no budget line to put its projects on")
    line = await queries.line_of(found.budget_line_id)
    if line is None:
        raise ValueError(f"budget line {found.budget_line_id} does not exist")
    created: list[dict[str, object]] = []
    for raw in funded:
        option = FundedOption.parse(raw)
        key, amount, proposal_id = option.project_key, option.amount_cents, option.proposal_id
        if not key or len(key) > 20 or not 0 <= amount <= MAX_CENTS:
            raise ValueError(f"funded option {raw!r} is malformed")
        if await Project.exists().where(Project.slot == slot(round_id, key)):
            continue
        rows = await Project.insert(
            Project(
                programme=line.programme_id,
                budget_line=found.budget_line_id,
                round=round_id,
                certificate_id=certificate_id,
                proposal_id=proposal_id,
                project_key=key,
                slot=slot(round_id, key),
                title=option.title[:MAX_TITLE],
                amount_cents=amount,
                status=rules.PLANNED,
                demo=demo,
            )
        ).returning(Project.id)
        project_id = int(rows[0]["id"])
        created.append({"project": project_id, "key": key, "amount_cents": amount})
        proposal = (
            None if proposal_id is None else await proposal_queries.proposal_by_id(proposal_id)
        )
        if proposal is not None and proposal.author_id is not None:
            await follows.add_follow(project_id, proposal.author_id)
    if created:
        await append_event(
            "system",
            "delivery.projects",
            f"round:{round_id}",
            {
                "certificate_id": certificate_id,
                "budget_line": found.budget_line_id,
                "projects": created,
                "demo": demo,
            },
        )


async def target(user: Principal, project_id: int) -> ProjectDetail | Answer[int]:
    """The project (with its area lineage) if this user may record its delivery."""
    if not user.authenticated:
        return refused(LOGIN, _("Please log in to continue."))
    project = await queries.project(project_id)
    if project is None:
        return refused(MISSING, _("This project does not exist."))
    if not permissions.can_record_delivery(user, project.lineage):
        return refused(
            FORBIDDEN,
            _(
                "This project is in {area}: only municipal staff or the council of that "
                "area can record its delivery. Nothing was changed."
            ).format(area=project.area_name),
        )
    return project


def _actor(user: Principal) -> str:
    return f"user:{user.id}"


async def change_status(
    user: Principal, project_id: int, status: str, reason: str = ""
) -> Answer[int]:
    """Move a project to a new status; cancelling needs a public reason."""
    project = await target(user, project_id)
    if isinstance(project, Answer):
        return project
    reason = (reason or "").strip()
    if status not in rules.STATUSES:
        return invalid({"status": _("Choose a status.")})
    if status == rules.CANCELLED and not reason:
        return invalid({"reason": _("Give the reason why the project is cancelled.")})
    if len(reason) > rules.MAX_REASON:
        return invalid({"reason": _("The reason is too long (at most 2000 characters).")})
    async with transaction():
        current = await Project.select(Project.status).where(Project.id == project_id).first()
        if current is None:
            return refused(MISSING, _("This project does not exist."))
        if not rules.can_move(str(current["status"]), status):
            return invalid({"status": _("A project cannot go from this status to that one.")})
        await Project.update(
            {
                Project.status: status,
                Project.cancel_reason: reason if status == rules.CANCELLED else "",
                Project.updated_at: datetime.now(UTC),
            }
        ).where(Project.id == project_id)
        await append_event(
            _actor(user),
            "delivery.status",
            f"project:{project_id}",
            {"from": current["status"], "to": status, "reason": reason},
        )
        await publish(
            PROGRESS_EVENT,
            {"project_id": project_id, "kind": "status", "status": status, "reason": reason},
        )
    return done(project_id)


def _date(raw: str, field: str, problems: dict[str, str], required: bool) -> date | None:
    text = (raw or "").strip()
    if not text:
        if required:
            problems[field] = _("Enter a date.")
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        problems[field] = _("Enter a date such as 2026-06-30.")
        return None


async def add_milestone(
    user: Principal, project_id: int, title: str, planned_on: str = ""
) -> Answer[int]:
    """Add a planned step to a project, with an optional planned date."""
    project = await target(user, project_id)
    if isinstance(project, Answer):
        return project
    problems: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        problems["milestone_title"] = _("Give the milestone a title.")
    elif len(title) > rules.MAX_MILESTONE:
        problems["milestone_title"] = _("The title is too long (at most 200 characters).")
    planned = _date(planned_on, "planned_on", problems, required=False)
    if problems:
        return invalid(problems)
    async with transaction():
        rows = await Milestone.insert(
            Milestone(project=project_id, title=title, planned_on=planned)
        ).returning(Milestone.id)
        milestone_id = int(rows[0]["id"])
        await append_event(
            _actor(user),
            "delivery.milestone_add",
            f"project:{project_id}",
            {"milestone": milestone_id, "title": title, "planned_on": str(planned or "")},
        )
    return done(milestone_id)


async def reach_milestone(
    user: Principal, project_id: int, milestone_id: int, reached_on: str = "", note: str = ""
) -> Answer[int]:
    """Mark a milestone reached on a day (today when empty, never in the future)."""
    project = await target(user, project_id)
    if isinstance(project, Answer):
        return project
    problems: dict[str, str] = {}
    today = datetime.now(UTC).date()
    reached = _date(reached_on, "reached_on", problems, required=False) or today
    if reached > today:
        problems["reached_on"] = _("A milestone cannot be reached in the future.")
    note = (note or "").strip()
    if len(note) > rules.MAX_NOTE:
        problems["note"] = _("The note is too long (at most 2000 characters).")
    if problems:
        return invalid(problems)
    async with transaction():
        row = (
            await Milestone.select(Milestone.title, Milestone.reached_on)
            .where(Milestone.id == milestone_id, Milestone.project == project_id)
            .first()
        )
        if row is None:
            return refused(MISSING, _("This milestone does not exist."))
        if row["reached_on"] is not None:
            return invalid({"reached_on": _("This milestone was already reached.")})
        await Milestone.update({Milestone.reached_on: reached, Milestone.note: note}).where(
            Milestone.id == milestone_id
        )
        await append_event(
            _actor(user),
            "delivery.milestone_reached",
            f"project:{project_id}",
            {"milestone": milestone_id, "reached_on": reached.isoformat()},
        )
        await publish(
            PROGRESS_EVENT,
            {"project_id": project_id, "kind": "milestone", "milestone": str(row["title"])},
        )
    return done(milestone_id)


def _cents(raw: str, field: str, problems: dict[str, str]) -> int:
    try:
        return parse_euros(raw)
    except MoneyError as error:
        problems[field] = money_message(error)
        return 0


async def record_money(user: Principal, project_id: int, committed: str, spent: str) -> Answer[int]:
    """Record the money committed (contracts, orders) and spent so far; spent ≤ committed."""
    project = await target(user, project_id)
    if isinstance(project, Answer):
        return project
    problems: dict[str, str] = {}
    committed_cents = _cents(committed, "committed", problems)
    spent_cents = _cents(spent, "spent", problems)
    if not problems and rules.money_problem(committed_cents, spent_cents):
        problems["spent"] = _("Spent cannot be more than committed: commit the money first.")
    if problems:
        return invalid(problems)
    async with transaction():
        current = (
            await Project.select(Project.committed_cents, Project.spent_cents)
            .where(Project.id == project_id)
            .first()
        )
        if current is None:
            return refused(MISSING, _("This project does not exist."))
        await Project.update(
            {
                Project.committed_cents: committed_cents,
                Project.spent_cents: spent_cents,
                Project.updated_at: datetime.now(UTC),
            }
        ).where(Project.id == project_id)
        await append_event(
            _actor(user),
            "delivery.money",
            f"project:{project_id}",
            {
                "committed_cents": committed_cents,
                "spent_cents": spent_cents,
                "previous_committed_cents": current["committed_cents"],
                "previous_spent_cents": current["spent_cents"],
            },
        )
    return done(project_id)
