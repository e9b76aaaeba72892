"""Staff pages of the voter register: import an extract, or run the round as an unverified poll."""

from __future__ import annotations

from litestar import get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.i18n import _
from app.rounds.queries import RoundView, round_by_id
from app.web.answers import status_of
from app.web.helpers import form_data, page, redirect, staff_required, user_of
from app.web.types import WebRequest
from ballots.register import queries, services

MAX_UPLOAD_BYTES = 20_000_000


async def _round(round_id: int) -> RoundView:
    found = await round_by_id(round_id)
    if found is None:
        raise NotFoundException()
    return found


async def _page(
    view: RoundView, status: int = 200, errors: list[str] | None = None, done: str = ""
) -> Template:
    return page(
        "register/register.html",
        status=status,
        round=view,
        source=await queries.source(view.id),
        errors=errors or [],
        done=done,
    )


@get("/beheer/stemmen/{round_id:int}/register", name="voter_register", guards=[staff_required])
async def voter_register(round_id: FromPath[int], done: FromQuery[str] = "") -> Template:
    """The round's eligibility source and the forms to import a register or run a poll."""
    return await _page(await _round(round_id), done=done)


@post(
    "/beheer/stemmen/{round_id:int}/register",
    name="voter_register_import",
    guards=[staff_required],
)
async def voter_register_import(
    request: WebRequest, round_id: FromPath[int]
) -> Template | Redirect:
    """Import an uploaded extract; a bad file gets every bad line and nothing is imported."""
    view = await _round(round_id)
    form = await request.form()
    upload = form.get("extract")
    raw = await upload.read() if isinstance(upload, UploadFile) else b""
    if not raw:
        return await _page(view, 400, [_("Choose the register extract (CSV) to upload.")])
    if len(raw) > MAX_UPLOAD_BYTES:
        return await _page(view, 400, [_("The file is too large (at most 20 MB).")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return await _page(view, 400, [_("Save the extract as UTF-8 CSV.")])
    try:
        min_age = int(str(form.get("min_age", "16")))
    except ValueError:
        min_age = 0
    answer = await services.import_register(
        round_id,
        text,
        actor=f"user:{user_of(request).id}",
        min_age=min_age,
        admits=str(form.get("admits", "residents")),
    )
    if not answer.ok:
        return await _page(view, status_of(answer), list(answer.problems.values())[:200])
    return redirect(f"/beheer/stemmen/{round_id}/register?done=imported")


@post(
    "/beheer/stemmen/{round_id:int}/register/peiling",
    name="voter_register_unverified",
    guards=[staff_required],
)
async def voter_register_unverified(
    request: WebRequest, round_id: FromPath[int]
) -> Template | Redirect:
    """Run the round as an unverified poll (must be confirmed on the form)."""
    view = await _round(round_id)
    data = await form_data(request)
    if data.get("confirm") != "yes":
        return await _page(
            view, 400, [_("Tick the box to confirm that this is an unverified poll.")]
        )
    answer = await services.mark_unverified(round_id, actor=f"user:{user_of(request).id}")
    if not answer.ok:
        return await _page(view, status_of(answer), list(answer.problems.values()))
    return redirect(f"/beheer/stemmen/{round_id}/register?done=unverified")


def _oidc_routes() -> list[HTTPRouteHandler]:
    from ballots.register import oidc_controllers

    return list(oidc_controllers.ROUTES)


ROUTES = [voter_register, voter_register_import, voter_register_unverified, *_oidc_routes()]
