"""Round pages: list, create, read, edit, advance, reopen and copy budget rounds."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from litestar import get, post, route
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.accounts import queries as account_queries
from app.accounts.permissions import is_admin
from app.answer import FORBIDDEN, MISSING, Answer
from app.areas import queries as area_queries
from app.areas.queries import AreaRow
from app.dates import local_datetime
from app.i18n import _
from app.rounds import forms, overview, phases, queries, services, texts
from app.rounds.queries import RoundView
from app.rounds.rules import BALLOT_TYPES, COUNTING_RULES, TIE_BREAKS
from app.rounds.store import input_of, manages_area
from app.web.helpers import error_page, form_data, login_required, page, redirect, user_of
from app.web.types import WebRequest


def _not_found(message: str = "") -> Template:
    return error_page(404, message or _("This round does not exist."))


def _actor(request: WebRequest) -> str:
    return f"user:{user_of(request).id}"


def _refused(outcome: Answer[int]) -> Template | None:
    """Turn forbidden and not-found answers into their responses."""
    if outcome.reason == FORBIDDEN:
        raise PermissionDeniedException()
    if outcome.reason == MISSING:
        return _not_found()
    return None


def _choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "ballot_types": [(b, texts.ballot_label(b)) for b in BALLOT_TYPES],
        "counting_rules": [(r, texts.rule_label(r)) for r in COUNTING_RULES],
        "tie_breaks": [(t, texts.tie_label(t)) for t in TIE_BREAKS],
        "scheduled": [(p, texts.phase_label(p)) for p in phases.SCHEDULED],
    }


@get("/rondes", name="rounds_index")
async def rounds_index(phase: FromQuery[str] = "", area: FromQuery[str] = "") -> Template:
    """Every budget round, optionally only those in one phase."""
    await services.advance_due_rounds()
    chosen = phase if phase in phases.PHASES else ""
    rounds = await queries.rounds_list(chosen or None, area[:20] or None)
    return page(
        "rounds/index.html",
        rounds=rounds,
        unverified=await overview.unverified_polls(rounds),
        phase=chosen,
        phase_choices=[(p, texts.phase_label(p)) for p in phases.PHASES],
        phase_label=texts.phase_label,
    )


async def _form_page(
    area: AreaRow | None, status: int = 200, view: RoundView | None = None, **context: object
) -> Template:
    code = view.area_code if view else (area.code if area else "")
    areas: list[AreaRow] = []
    if area is not None and view is None:
        below = await area_queries.descendant_codes(area.code)
        areas = [area] + [row for row in await area_queries.areas() if row.code in below]
    lines = await queries.resident_lines(code, view.id if view else None) if code else []
    frozen = phases.fairness_frozen(view.phase) if view else False
    started = {
        name for name in phases.SCHEDULED if view and phases.index(name) <= phases.index(view.phase)
    }
    return page(
        "rounds/form.html",
        status=status,
        area=area,
        areas=areas,
        round=view,
        line_options=[("", _("Choose a budget line"))]
        + [
            (
                line.id,
                _("{programme}: {line} ({free} still free)").format(
                    programme=line.programme_title,
                    line=line.name,
                    free=texts.euros(line.free_cents),
                ),
            )
            for line in lines
        ],
        frozen=frozen,
        started=started,
        **{"errors": {}, "form": {}, **_choices(), **context},
    )


@route("/rondes/nieuw", http_method=["GET", "POST"], name="round_create", guards=[login_required])
async def round_create(request: WebRequest, area: FromQuery[str] = "") -> Template | Redirect:
    """Council of the area (or above) or staff: the form for a new round, and creating it."""
    user = user_of(request)
    if request.method == "POST":
        data = await form_data(request)
        outcome = await services.create_round(user, _actor(request), data.get("area", ""), data)
        refused = _refused(outcome)
        if refused is not None:
            return refused
        if not outcome.ok:
            chosen = await area_queries.area_by_code(data.get("page_area", "") or "")
            if chosen is None or not await manages_area(user, chosen.code):
                chosen = await area_queries.area_by_code(data.get("area", "") or "")
            return await _form_page(chosen, 400, errors=outcome.problems, form=data)
        return redirect(f"/rondes/{outcome.value}")
    if not area.strip():
        return await _form_page(None)
    found = await area_queries.area_by_code(area[:20])
    if found is None:
        return _not_found(_("This area does not exist."))
    if not await manages_area(user, found.code):
        raise PermissionDeniedException()
    defaults = forms.form_values(forms.RoundInput())
    defaults.update(area=found.code, amount="", ballot_min="0", ballot_max="0")
    return await _form_page(found, form=defaults)


@get("/rondes/{round_id:int}", name="round")
async def round_page(request: WebRequest, round_id: FromPath[int]) -> Template:
    """A round: money, phase and what residents can do now, schedule, rules and history."""
    await services.advance_due_rounds()
    return await _round_page(request, round_id)


def _changed(event: queries.RoundEvent) -> list[object]:
    """The fields an update event names (its payload's `changed` list)."""
    changed = event.payload.get("changed", [])
    return list(changed) if isinstance(changed, list) else []


async def _round_page(
    request: WebRequest, round_id: int, status: int = 200, **context: object
) -> Template:
    view = await queries.round_by_id(round_id)
    if view is None:
        return _not_found()
    user = user_of(request)
    events = await queries.history(round_id)
    names: dict[str, str] = {}
    for actor in {event.actor for event in events if event.actor.startswith("user:")}:
        profile = await account_queries.profile(int(actor[5:]))
        names[actor] = str(profile.name) if profile else _("a former user")
    chain = await area_queries.lineage(view.area_code)
    line = await queries.taken_from(view, {str(area.code) for area in chain})
    following = phases.next_phase(view.phase)
    now_index = phases.index(view.phase)
    if following in phases.NOT_BY_HAND:
        following = None  # certified comes only from the certifiers' approval
    schedule = [
        {
            "phase": name,
            "label": texts.phase_label(name),
            "starts": local_datetime(view.schedule.get(name)),
            "current": name == view.phase,
            "done": phases.index(name) < now_index,
        }
        for name in (*phases.SCHEDULED, "certified", "implementing")
    ]
    return page(
        "rounds/round.html",
        status=status,
        round=view,
        parents=list(reversed(chain)),
        line=line,
        phase_label=texts.phase_label(view.phase),
        explanation=texts.phase_explanation(view.phase),
        capabilities=texts.capabilities(view.phase),
        schedule=schedule,
        rules=texts.rules_summary(view.rules),
        history=[
            {
                **asdict(event),
                "when": local_datetime(datetime.fromisoformat(event.created_at)),
                "changed": [texts.field_label(str(name)) for name in _changed(event)],
                "who": texts.actor_label(event.actor, names),
                "what": texts.action_text(event.action),
                "from_label": texts.phase_label(str(event.payload.get("from", ""))),
                "to_label": texts.phase_label(str(event.payload.get("to", ""))),
            }
            for event in events
        ],
        card=overview.card(view, datetime.now(UTC)),
        can_manage=user.authenticated and await manages_area(user, view.area_code),
        can_reopen=is_admin(user),
        next_phase=following,
        next_label=texts.phase_label(following) if following else "",
        next_consequence=texts.advance_consequence(following) if following else "",
        unverified_poll=(await services.round_facts(round_id)).unverified_poll,
        earlier=[(p, texts.phase_label(p)) for p in phases.PHASES[: phases.index(view.phase)]],
        **{"errors": {}, "form": {}, **context},
    )


@route(
    "/rondes/{round_id:int}/bewerken",
    http_method=["GET", "POST"],
    name="round_edit",
    guards=[login_required],
)
async def round_edit(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Council or staff: change a round's texts, money, dates and rules."""
    view = await queries.round_by_id(round_id)
    if view is None:
        return _not_found()
    user = user_of(request)
    if not await manages_area(user, view.area_code):
        raise PermissionDeniedException()
    if request.method == "POST":
        data = await form_data(request)
        outcome = await services.update_round(user, _actor(request), round_id, data)
        refused = _refused(outcome)
        if refused is not None:
            return refused
        if not outcome.ok:
            shown = {**forms.form_values(input_of(view)), **data}
            return await _form_page(None, 400, view=view, errors=outcome.problems, form=shown)
        return redirect(f"/rondes/{round_id}")
    return await _form_page(None, view=view, form=forms.form_values(input_of(view)))


@post("/rondes/{round_id:int}/fase", name="round_advance", guards=[login_required])
async def round_advance(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Council or staff: move the round to its next phase."""
    data = await form_data(request)
    if data.get("confirm") != "yes":
        view = await queries.round_by_id(round_id)
        if view is None:
            return _not_found()
        if not await manages_area(user_of(request), view.area_code):
            raise PermissionDeniedException()
        confirm = _("Tick the box to confirm that you want to move the round on.")
        return await _round_page(request, round_id, 400, errors={"phase": confirm})
    outcome = await services.advance_round(
        user_of(request), _actor(request), round_id, data.get("target") or None
    )
    refused = _refused(outcome)
    if refused is not None:
        return refused
    if not outcome.ok:
        return await _round_page(request, round_id, 400, errors=outcome.problems)
    return redirect(f"/rondes/{round_id}")


@post("/rondes/{round_id:int}/heropenen", name="round_reopen", guards=[login_required])
async def round_reopen(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Admin: send the round back to an earlier phase, with a public reason."""
    data = await form_data(request)
    outcome = await services.reopen_round(
        user_of(request),
        _actor(request),
        round_id,
        data.get("target", ""),
        data.get("reason", "")[:5000],
        datetime.now(UTC),
    )
    refused = _refused(outcome)
    if refused is not None:
        return refused
    if not outcome.ok:
        return await _round_page(request, round_id, 400, errors=outcome.problems, form=data)
    return redirect(f"/rondes/{round_id}")


@post("/rondes/{round_id:int}/kopie", name="round_copy", guards=[login_required])
async def round_copy(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Council or staff: start next year's round from this one, as a draft."""
    outcome = await services.copy_round(user_of(request), _actor(request), round_id)
    refused = _refused(outcome)
    if refused is not None:
        return refused
    return redirect(f"/rondes/{outcome.value}/bewerken")


ROUTES = [
    rounds_index,
    round_create,
    round_page,
    round_edit,
    round_advance,
    round_reopen,
    round_copy,
]
