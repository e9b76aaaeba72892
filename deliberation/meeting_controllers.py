"""Meeting routes: a round's residents' evenings, one meeting's page, and the council's form."""

from __future__ import annotations

from litestar import get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.accounts.permissions import Principal
from app.i18n import _
from app.web.answers import status_of
from app.web.helpers import form_lists, login_required, page, redirect, user_of
from app.web.types import WebRequest
from deliberation import permissions, proposal_rows, queries
from deliberation.meetings import MeetingForm, create_meeting, edit_meeting
from deliberation.subjects import round_lineage


def _missing(message: str) -> Template:
    return page("deliberation/refused.html", status=404, message=message, back="/")


async def _manages(user: Principal, round_id: FromPath[int]) -> bool:
    found = await round_lineage(round_id)
    return found is not None and permissions.may_manage_meetings(user, found[1])


async def _form_page(round_id: int, status: int = 200, **context: object) -> Template:
    found = await round_lineage(round_id)
    if found is None:
        return _missing(_("This round does not exist."))
    defaults: dict[str, object] = {"errors": {}, "form": {}, "linked": [], "meeting": None}
    return page(
        "deliberation/meeting_form.html",
        status=status,
        round=found[0],
        proposals=await proposal_rows.proposals_for_round(round_id),
        **{**defaults, **context},
    )


def _read(data: dict[str, list[str]]) -> MeetingForm:
    def one(name: str, limit: int) -> str:
        return (data.get(name) or [""])[-1][:limit]

    return MeetingForm(
        title=one("title", 1000),
        date=one("date", 20),
        time=one("time", 20),
        place=one("place", 1000),
        agenda=one("agenda", 20_000),
        minutes=one("minutes", 50_000),
        proposal_ids=tuple(data.get("proposal_ids", []))[:500],
    )


def _refill(form: MeetingForm) -> dict[str, str]:
    return {
        "title": form.title,
        "date": form.date,
        "time": form.time,
        "place": form.place,
        "agenda": form.agenda,
        "minutes": form.minutes,
    }


@get("/rondes/{round_id:int}/bijeenkomsten", name="round_meetings")
async def round_meetings(request: WebRequest, round_id: FromPath[int]) -> Template:
    """The residents' evenings of a round."""
    found = await round_lineage(round_id)
    if found is None:
        return _missing(_("This round does not exist."))
    return page(
        "deliberation/meetings.html",
        round=found[0],
        meetings=await queries.meetings_for_round(round_id),
        may_manage=await _manages(user_of(request), round_id),
    )


@get("/rondes/{round_id:int}/bijeenkomsten/nieuw", name="meeting_new", guards=[login_required])
async def meeting_new(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Council or staff: the form for a new meeting."""
    if not await _manages(user_of(request), round_id):
        return page(
            "deliberation/refused.html",
            status=403,
            message=_("Only the council of this round's area or staff can do this."),
            back=f"/rondes/{round_id}/bijeenkomsten",
        )
    return await _form_page(round_id)


@post("/rondes/{round_id:int}/bijeenkomsten", name="meeting_create", guards=[login_required])
async def meeting_create(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Council or staff: plan a meeting."""
    form = _read(await form_lists(request))
    outcome = await create_meeting(user_of(request), round_id, form)
    if outcome.ok:
        return redirect(f"/bijeenkomsten/{outcome.value}")
    if outcome.field_problems:
        linked = [int(pid) for pid in form.proposal_ids if pid.isdigit()]
        return await _form_page(
            round_id, status=400, errors=outcome.field_problems, form=_refill(form), linked=linked
        )
    back = f"/rondes/{round_id}/bijeenkomsten"
    return page(
        "deliberation/refused.html", status=status_of(outcome), message=outcome.message, back=back
    )


@get("/bijeenkomsten/{meeting_id:int}", name="meeting")
async def meeting_page(request: WebRequest, meeting_id: FromPath[int]) -> Template:
    """One meeting: when, where, agenda, linked proposals and minutes."""
    found = await queries.meeting(meeting_id)
    if found is None:
        return _missing(_("This meeting does not exist."))
    return page(
        "deliberation/meeting.html",
        meeting=found,
        may_manage=await _manages(user_of(request), found.round_id),
    )


@get("/bijeenkomsten/{meeting_id:int}/bewerken", name="meeting_edit", guards=[login_required])
async def meeting_edit(request: WebRequest, meeting_id: FromPath[int]) -> Template:
    """Council or staff: change a meeting or add its minutes."""
    found = await queries.meeting(meeting_id)
    if found is None:
        return _missing(_("This meeting does not exist."))
    if not await _manages(user_of(request), found.round_id):
        return page(
            "deliberation/refused.html",
            status=403,
            message=_("Only the council of this round's area or staff can do this."),
            back=f"/bijeenkomsten/{meeting_id}",
        )
    form = {
        "title": found.title,
        "date": found.local_date,
        "time": found.local_time,
        "place": found.place,
        "agenda": found.agenda,
        "minutes": found.minutes,
    }
    return await _form_page(
        found.round_id, form=form, linked=list(found.proposal_ids), meeting=found
    )


@post("/bijeenkomsten/{meeting_id:int}/bewerken", name="meeting_update", guards=[login_required])
async def meeting_update(request: WebRequest, meeting_id: FromPath[int]) -> Template | Redirect:
    """Council or staff: save a meeting's changes."""
    form = _read(await form_lists(request))
    outcome = await edit_meeting(user_of(request), meeting_id, form)
    if outcome.ok:
        return redirect(f"/bijeenkomsten/{meeting_id}")
    found = await queries.meeting(meeting_id)
    if outcome.field_problems and found is not None:
        linked = [int(pid) for pid in form.proposal_ids if pid.isdigit()]
        return await _form_page(
            found.round_id,
            status=400,
            errors=outcome.field_problems,
            form=_refill(form),
            linked=linked,
            meeting=found,
        )
    back = f"/bijeenkomsten/{meeting_id}"
    return page(
        "deliberation/refused.html", status=status_of(outcome), message=outcome.message, back=back
    )


ROUTES = [round_meetings, meeting_new, meeting_create, meeting_page, meeting_edit, meeting_update]
