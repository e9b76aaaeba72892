"""Programme pages: read a programme; staff create programmes and edit their budget lines."""

from __future__ import annotations

from datetime import date

from litestar import get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.accounts.permissions import can_edit_programmes
from app.areas import queries as area_queries
from app.i18n import _
from app.jsontypes import TemplateContext
from app.modules import panels_for
from app.programmes import queries, services
from app.programmes.money import format_euros_plain
from app.web.helpers import error_page, form_data, page, redirect, staff_required, user_of
from app.web.types import WebRequest


def _not_found() -> Template:
    return error_page(404, _("This programme does not exist."))


def _actor(request: WebRequest) -> str:
    return f"user:{user_of(request).id}"


@get("/programmas/{programme_id:int}", name="programme")
async def programme_page(request: WebRequest, programme_id: FromPath[int]) -> Template:
    """A programme: its total, its budget lines and what they add up to."""
    found = await queries.programme(programme_id)
    if found is None:
        return _not_found()
    return page(
        "programmes/programme.html",
        programme=found,
        parents=list(reversed(await area_queries.lineage(found.area_code))),
        can_edit=can_edit_programmes(user_of(request)),
        panels=await panels_for("programme", found),
    )


async def _edit_page(programme_id: int, status: int = 200, **context: object) -> Template:
    found = await queries.programme(programme_id)
    if found is None:
        return _not_found()
    defaults: TemplateContext = {
        "errors": {},
        "form": {
            "title": found.title,
            "description": found.description,
            "total": format_euros_plain(int(found.total_cents)),
        },
        "line_errors": {},
        "line_form": {},
        "done": "",
    }
    return page(
        "programmes/edit.html",
        status=status,
        programme=found,
        plain=format_euros_plain,
        **{**defaults, **context},
    )


@get("/programmas/{programme_id:int}/bewerken", name="programme_edit", guards=[staff_required])
async def programme_edit(programme_id: FromPath[int], done: FromQuery[str] = "") -> Template:
    """Staff: the edit page of a programme."""
    return await _edit_page(programme_id, done=done[:40])


@post("/programmas/{programme_id:int}/bewerken", name="programme_update", guards=[staff_required])
async def programme_update(request: WebRequest, programme_id: FromPath[int]) -> Template | Redirect:
    """Staff: change title, description and total."""
    data = await form_data(request)
    answer = await services.update_programme(
        _actor(request),
        programme_id,
        title=data.get("title", "")[:1000],
        description=data.get("description", "")[:10000],
        total=data.get("total", "")[:40],
    )
    if not answer.ok:
        return await _edit_page(programme_id, status=400, errors=answer.problems, form=data)
    return redirect(f"/programmas/{programme_id}/bewerken?done=saved")


@post("/programmas/{programme_id:int}/regels", name="budget_line_add", guards=[staff_required])
async def budget_line_add(request: WebRequest, programme_id: FromPath[int]) -> Template | Redirect:
    """Staff: add a budget line."""
    data = await form_data(request)
    answer = await services.add_budget_line(
        _actor(request),
        programme_id,
        name=data.get("name", "")[:1000],
        kind=data.get("kind", ""),
        amount=data.get("amount", "")[:40],
    )
    if not answer.ok:
        return await _edit_page(
            programme_id, status=400, line_errors=answer.problems, line_form=data
        )
    return redirect(f"/programmas/{programme_id}/bewerken?done=line-added")


@post(
    "/programmas/{programme_id:int}/regels/{line_id:int}",
    name="budget_line_update",
    guards=[staff_required],
)
async def budget_line_update(
    request: WebRequest, programme_id: FromPath[int], line_id: FromPath[int]
) -> Template | Redirect:
    """Staff: change a budget line."""
    data = await form_data(request)
    answer = await services.update_budget_line(
        _actor(request),
        programme_id,
        line_id,
        name=data.get("name", "")[:1000],
        kind=data.get("kind", ""),
        amount=data.get("amount", "")[:40],
    )
    if not answer.ok:
        return await _edit_page(programme_id, status=400, line_errors=answer.problems)
    return redirect(f"/programmas/{programme_id}/bewerken?done=line-saved")


@post(
    "/programmas/{programme_id:int}/regels/{line_id:int}/verwijderen",
    name="budget_line_remove",
    guards=[staff_required],
)
async def budget_line_remove(
    request: WebRequest, programme_id: FromPath[int], line_id: FromPath[int]
) -> Template | Redirect:
    """Staff: remove a budget line."""
    answer = await services.remove_budget_line(_actor(request), programme_id, line_id)
    if not answer.ok:
        return await _edit_page(programme_id, status=400, line_errors=answer.problems)
    return redirect(f"/programmas/{programme_id}/bewerken?done=line-removed")


def _new_page(status: int = 200, **context: object) -> Template:
    defaults: TemplateContext = {"errors": {}, "form": {}}
    return page("programmes/new.html", status=status, **{**defaults, **context})


@get("/programmas/nieuw", name="programme_new", guards=[staff_required])
async def programme_new(area: FromQuery[str] = "") -> Template:
    """Staff: the form to create a programme for an area and year."""
    return _new_page(form={"area": area[:20].upper(), "year": str(date.today().year)})


@post("/programmas/nieuw", name="programme_create", guards=[staff_required])
async def programme_create(request: WebRequest) -> Template | Redirect:
    """Staff: create a programme, then go to its edit page to add budget lines."""
    data = await form_data(request)
    answer = await services.create_programme(
        _actor(request),
        area_code=data.get("area", "")[:40],
        year=data.get("year", "")[:10],
        title=data.get("title", "")[:1000],
        description=data.get("description", "")[:10000],
        total=data.get("total", "")[:40],
    )
    if not answer.ok or answer.value is None:
        return _new_page(status=400, errors=answer.problems, form=data)
    return redirect(f"/programmas/{answer.value}/bewerken?done=created")


ROUTES = [
    programme_new,
    programme_create,
    programme_page,
    programme_edit,
    programme_update,
    budget_line_add,
    budget_line_update,
    budget_line_remove,
]
