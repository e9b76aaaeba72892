"""Use cases of residents' evenings (bewonersavonden): council or staff create and edit them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from app.accounts.permissions import Principal
from app.answer import FORBIDDEN, LOGIN, MISSING, Answer, done, invalid, refused
from app.audit.services import append_event
from app.db import transaction
from app.i18n import LOCAL_TIME, _
from deliberation import permissions, proposal_rows
from deliberation.subjects import round_lineage
from deliberation.tables import Meeting

LIMITS = {"title": 200, "place": 200, "agenda": 5000, "minutes": 20000}


@dataclass(frozen=True)
class MeetingForm:
    """What the meeting form sends: local date and time, texts and linked proposal ids."""

    title: str = ""
    date: str = ""
    time: str = ""
    place: str = ""
    agenda: str = ""
    minutes: str = ""
    proposal_ids: tuple[str, ...] = ()


def starts_at(day: str, clock: str) -> datetime | None:
    """A local date (YYYY-MM-DD) and time (HH:MM) as an aware UTC datetime, or None."""
    try:
        local = datetime.strptime(f"{day.strip()} {clock.strip()}", "%Y-%m-%d %H:%M")
    except ValueError:
        return None
    return local.replace(tzinfo=LOCAL_TIME).astimezone(UTC)


async def _validate(
    form: MeetingForm, round_id: int
) -> tuple[dict[str, str], datetime | None, list[int]]:
    problems: dict[str, str] = {}
    for name, limit in LIMITS.items():
        value = str(getattr(form, name)).strip()
        if name in ("title", "place") and not value:
            problems[name] = _("This field is required.")
        elif len(value) > limit:
            problems[name] = _("This text is too long (at most {limit} characters).").format(
                limit=limit
            )
    when = starts_at(form.date, form.time)
    if when is None:
        problems["date"] = _("Enter a date and a time, such as 2026-03-12 and 19:30.")
    in_round = {row.id for row in await proposal_rows.proposals_for_round(round_id)}
    linked: list[int] = []
    for raw in form.proposal_ids:
        if not raw.isdigit() or int(raw) not in in_round:
            problems["proposal_ids"] = _("Link only proposals of this round.")
            break
        linked.append(int(raw))
    return problems, when, sorted(set(linked))


async def _manager_refusal(user: Principal, round_id: int) -> Answer[int] | None:
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    found = await round_lineage(round_id)
    if found is None:
        return refused(MISSING, _("This round does not exist."))
    if not permissions.may_manage_meetings(user, found[1]):
        return refused(FORBIDDEN, _("Only the council of this round's area or staff can do this."))
    return None


def _values(form: MeetingForm, when: datetime, linked: list[int]) -> dict[str, object]:
    return {
        "title": form.title.strip(),
        "starts_at": when,
        "place": form.place.strip(),
        "agenda": form.agenda.strip(),
        "minutes": form.minutes.strip(),
        "proposal_ids": json.dumps(linked),
    }


async def _checked(
    user: Principal, round_id: int, form: MeetingForm
) -> Answer[int] | tuple[dict[str, object], list[int]]:
    """The meeting's column values and linked proposals, or why the user may not save them."""
    problem = await _manager_refusal(user, round_id)
    if problem is not None:
        return problem
    problems, when, linked = await _validate(form, round_id)
    if problems or when is None:
        return invalid(problems)
    return _values(form, when, linked), linked


async def create_meeting(user: Principal, round_id: int, form: MeetingForm) -> Answer[int]:
    """Plan a meeting of a round (council of the area or staff); audited."""
    checked = await _checked(user, round_id, form)
    if isinstance(checked, Answer):
        return checked
    values, linked = checked
    async with transaction():
        meeting = Meeting(round=round_id, created_by=user.id)
        for name, value in values.items():
            setattr(meeting, name, value)
        rows = await Meeting.insert(meeting).returning(Meeting.id)
        meeting_id = int(rows[0]["id"])
        await append_event(
            f"user:{user.id}",
            "meeting.create",
            f"meeting:{meeting_id}",
            {"round": round_id, "title": values["title"], "proposals": linked},
        )
    return done(meeting_id)


async def edit_meeting(user: Principal, meeting_id: int, form: MeetingForm) -> Answer[int]:
    """Change a meeting or add its minutes afterwards (council of the area or staff); audited."""
    row = await Meeting.select(Meeting.round).where(Meeting.id == meeting_id).first()
    if row is None:
        return refused(MISSING, _("This meeting does not exist."))
    round_id = int(row["round"])
    checked = await _checked(user, round_id, form)
    if isinstance(checked, Answer):
        return checked
    values, linked = checked
    async with transaction():
        await Meeting.update(
            {getattr(Meeting, name): value for name, value in values.items()}
            | {Meeting.updated_at: datetime.now(UTC)}
        ).where(Meeting.id == meeting_id)
        await append_event(
            f"user:{user.id}",
            "meeting.edit",
            f"meeting:{meeting_id}",
            {"round": round_id, "title": values["title"], "proposals": linked},
        )
    return done(meeting_id)
