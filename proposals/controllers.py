"""Proposal pages: list, page, submit, edit, withdraw, versions, review and photos."""

from __future__ import annotations

import secrets
from dataclasses import replace

import anyio
from litestar import Response, get, post, route
from litestar.enums import HttpMethod
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.accounts.permissions import is_staff
from app.answer import FORBIDDEN, MISSING
from app.i18n import _
from app.programmes.money import format_euros_plain
from app.rounds import queries as round_queries
from app.web.answers import status_of
from app.web.helpers import error_page, form_data, login_required, page, redirect, user_of
from app.web.types import WebRequest
from app.web.uploads import stored_file
from deliberation import queries as deliberation_queries
from proposals import mapdata, photos, queries, review, services, thumbnails
from proposals import status as statuses
from proposals.forms import proposal_form, review_form
from proposals.rows import ProposalRow

UPLOAD_LIMIT = 16 * 1024 * 1024  # three photos of 5 MB and the text fields


def _missing(message: str = "") -> Template:
    return error_page(404, message or _("This proposal does not exist."))


@get("/rondes/{round_id:int}/voorstellen", name="proposal_list")
async def proposal_list(request: WebRequest, round_id: FromPath[int]) -> Template:
    """A round's proposals with search, filters, sorting and pages (a plain GET form)."""
    round_view = await round_queries.round_by_id(round_id)
    if round_view is None:
        return _missing(_("This round does not exist."))
    ask = queries.ListQuery.parse(dict(request.query_params.items()))
    if ask.sort == "random" and not ask.seed:
        ask = replace(ask, seed=1 + secrets.randbelow(queries.MAX_SEED))
    choices = await queries.area_choices(round_view)
    rows, total = await queries.list_page(round_id, ask, choices)
    return page(
        "proposals/list.html",
        round=round_view,
        rows=rows,
        total=total,
        ask=ask,
        pages=max(1, -(-total // queries.PAGE_SIZE)),
        areas=choices,
        categories=round_view.rules.categories or await queries.categories_in_use(round_id),
        statuses=statuses.STATUSES,
        can_propose=not await services.propose_refusal(user_of(request), round_view),
    )


@get("/rondes/{round_id:int}/voorstellen/kaart.json", name="proposal_map_data")
async def proposal_map_data(
    round_id: FromPath[int],
) -> Response[object]:
    """The round's proposals and area centres for its map (the list page is the fallback)."""
    round_view = await round_queries.round_by_id(round_id)
    if round_view is None:
        return Response({"detail": _("This round does not exist.")}, status_code=404)
    data = mapdata.map_data(
        await queries.map_rows(round_id),
        await queries.area_choices(round_view),
        statuses.status_word,
        lambda proposal_id: f"/voorstellen/{proposal_id}",
    )
    return Response(data)


async def _form_page(
    round_id: FromPath[int],
    status: int = 200,
    *,
    proposal: ProposalRow | None = None,
    **context: object,
) -> Template:
    round_view = await round_queries.round_by_id(round_id)
    if round_view is None:
        return _missing(_("This round does not exist."))
    defaults: dict[str, object] = {"errors": {}, "form": {}, "refusal": "", "existing_photos": []}
    return page(
        "proposals/form.html",
        status=status,
        round=round_view,
        proposal=proposal,
        areas=await queries.area_choices(round_view),
        max_photos=photos.MAX_PHOTOS,
        **{**defaults, **context},
    )


@route(
    "/rondes/{round_id:int}/voorstellen/nieuw",
    http_method=[HttpMethod.GET, HttpMethod.POST],
    name="proposal_create",
    guards=[login_required],
    request_max_body_size=UPLOAD_LIMIT,
)
async def proposal_create(request: WebRequest, round_id: FromPath[int]) -> Template | Redirect:
    """Submit a proposal: the form (GET) and storing it (POST)."""
    user = user_of(request)
    if request.method == HttpMethod.GET:
        round_view = await round_queries.round_by_id(round_id)
        if round_view is None:
            return _missing(_("This round does not exist."))
        refusal = await services.propose_refusal(user, round_view)
        return await _form_page(round_id, 403 if refusal else 200, refusal=refusal)
    form, raw = await proposal_form(request)
    result = await services.submit_proposal(user, round_id, form)
    if not result.ok:
        return await _form_page(
            round_id,
            status_of(result),
            errors=result.field_problems,
            refusal=result.problems.get(FORBIDDEN, ""),
            form=raw,
        )
    return redirect(f"/voorstellen/{result.value}?done=submitted")


@get("/voorstellen/{proposal_id:int}", name="proposal")
async def proposal_page(request: WebRequest, proposal_id: FromPath[int]) -> Template:
    """One proposal: its text, cost, area, photos, status with reasons, and the deliberation."""
    found = await queries.proposal_by_id(proposal_id)
    round_view = None if found is None else await round_queries.round_by_id(found.round_id)
    if found is None or round_view is None:
        return _missing()
    user = user_of(request)
    merged_into = None
    if found.merged_into:
        merged_into = await queries.proposal_by_id(found.merged_into)
    return page(
        "proposals/proposal.html",
        proposal=found,
        round=round_view,
        photos=[] if found.hidden else await queries.photos_of(proposal_id),
        history=await queries.status_history(proposal_id),
        merged_into=merged_into,
        merged_from=await queries.merged_from(proposal_id),
        panel=await deliberation_queries.proposal_panel(proposal_id, user),
        can_edit=not await services.edit_refusal(user, found, round_view),
        can_withdraw=not await services.withdraw_refusal(user, found, round_view),
        can_review=not review.review_refusal(user, found, round_view),
        done=str(request.query_params.get("done", ""))[:20],
    )


@route(
    "/voorstellen/{proposal_id:int}/bewerken",
    http_method=[HttpMethod.GET, HttpMethod.POST],
    name="proposal_edit",
    guards=[login_required],
    request_max_body_size=UPLOAD_LIMIT,
)
async def proposal_edit(request: WebRequest, proposal_id: FromPath[int]) -> Template | Redirect:
    """The author changes the proposal: the form (GET) and a new version (POST)."""
    user = user_of(request)
    found = await queries.proposal_by_id(proposal_id)
    round_view = None if found is None else await round_queries.round_by_id(found.round_id)
    if found is None or round_view is None:
        return _missing()
    existing = await queries.photos_of(proposal_id)
    if request.method == HttpMethod.GET:
        refusal = await services.edit_refusal(user, found, round_view)
        current = {
            "title": found.title,
            "summary": found.summary,
            "description": found.description,
            "cost": format_euros_plain(found.cost_cents),
            "category": found.category,
            "area": found.area_code or "",
            "age_confirmed": "yes" if found.age_confirmed else "",
            "lat": "" if found.lat is None else str(found.lat),
            "lon": "" if found.lon is None else str(found.lon),
        }
        return await _form_page(
            round_view.id,
            403 if refusal else 200,
            proposal=found,
            refusal=refusal,
            form=current,
            existing_photos=existing,
        )
    form, raw = await proposal_form(request)
    result = await services.edit_proposal(user, proposal_id, form)
    if not result.ok:
        return await _form_page(
            round_view.id,
            status_of(result),
            proposal=found,
            errors=result.field_problems,
            refusal=result.problems.get(FORBIDDEN, ""),
            form=raw,
            existing_photos=existing,
        )
    return redirect(f"/voorstellen/{proposal_id}?done=edited")


@post(
    "/voorstellen/{proposal_id:int}/intrekken",
    name="proposal_withdraw",
    guards=[login_required],
)
async def proposal_withdraw(request: WebRequest, proposal_id: FromPath[int]) -> Template | Redirect:
    """The author withdraws the proposal."""
    data = await form_data(request)
    result = await services.withdraw_proposal(
        user_of(request), proposal_id, data.get("reason", "")[:5000]
    )
    if result.reason == MISSING:
        return _missing()
    if not result.ok:
        return error_page(status_of(result), result.message)
    return redirect(f"/voorstellen/{proposal_id}?done=withdrawn")


@get("/voorstellen/{proposal_id:int}/versies", name="proposal_history")
async def proposal_history(proposal_id: FromPath[int]) -> Template:
    """Every version of a proposal's text: the public edit history."""
    found = await queries.proposal_by_id(proposal_id)
    if found is None:
        return _missing()
    return page(
        "proposals/history.html",
        proposal=found,
        versions=[] if found.hidden else await queries.versions(proposal_id),
    )


async def _review_page(found: ProposalRow, status: int = 200, **context: object) -> Template:
    defaults: dict[str, object] = {"errors": {}, "form": {}, "refusal": ""}
    round_view = await round_queries.round_by_id(found.round_id)
    others = await queries.proposals_for_round(found.round_id)
    return page(
        "proposals/review.html",
        status=status,
        proposal=found,
        round=round_view,
        outcomes=statuses.REVIEW_OUTCOMES,
        others=[row for row in others if row.id != found.id and not statuses.is_final(row.status)],
        **{**defaults, **context},
    )


@route(
    "/voorstellen/{proposal_id:int}/beoordelen",
    http_method=[HttpMethod.GET, HttpMethod.POST],
    name="proposal_review",
    guards=[login_required],
)
async def proposal_review(request: WebRequest, proposal_id: FromPath[int]) -> Template | Redirect:
    """Staff review a proposal: the form (GET) and the decision with its public reason (POST)."""
    user = user_of(request)
    found = await queries.proposal_by_id(proposal_id)
    round_view = None if found is None else await round_queries.round_by_id(found.round_id)
    if found is None or round_view is None:
        return _missing()
    if request.method == HttpMethod.GET:
        refusal = review.review_refusal(user, found, round_view)
        if not is_staff(user):
            return error_page(403, refusal)
        return await _review_page(found, 403 if refusal else 200, refusal=refusal)
    form, raw = await review_form(request)
    result = await review.review_proposal(user, proposal_id, form)
    if not result.ok:
        if result.reason == FORBIDDEN and not is_staff(user):
            return error_page(403, result.message)
        return await _review_page(
            found,
            status_of(result),
            errors=result.field_problems,
            refusal=result.problems.get(FORBIDDEN, ""),
            form=raw,
        )
    return redirect(f"/voorstellen/{proposal_id}?done=reviewed")


@get("/fotos/{filename:str}", name="proposal_photo")
async def proposal_photo(filename: FromPath[str]) -> Response[bytes]:
    """A stored photo with its sniffed type, never sniffed again by the browser or run inline."""
    found = await queries.photo_by_name(filename) if photos.valid_name(filename) else None
    data = None if found is None or found.hidden else photos.read(filename)
    content_type = "" if found is None else found.content_type
    return stored_file(data, content_type, cache="private, max-age=3600")


@get("/fotos/klein/{filename:str}", name="proposal_thumbnail")
async def proposal_thumbnail(filename: FromPath[str]) -> Response[bytes]:
    """A card-sized copy of a stored photo, re-encoded without metadata."""
    found = await queries.photo_by_name(filename) if photos.valid_name(filename) else None
    small = None
    if found is not None and not found.hidden:
        small = await anyio.to_thread.run_sync(thumbnails.thumbnail, filename)
    return stored_file(small, "image/jpeg", cache="private, max-age=3600")


ROUTES = [
    proposal_thumbnail,
    proposal_list,
    proposal_map_data,
    proposal_create,
    proposal_page,
    proposal_edit,
    proposal_withdraw,
    proposal_history,
    proposal_review,
    proposal_photo,
]
