"""Area pages: the tree, one area, postcode lookup, and the small admin page for areas."""

from __future__ import annotations

from datetime import date

from litestar import get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.accounts.permissions import can_edit_programmes, is_admin
from app.areas import queries, services
from app.areas.postcodes import DIGITS, EMPTY, LETTERS, PostcodeError, parse_postcode
from app.i18n import _
from app.jsontypes import TemplateContext
from app.modules import panels_for
from app.programmes import queries as programme_queries
from app.rounds import queries as round_queries
from app.rounds.texts import phase_label
from app.web.helpers import admin_required, error_page, form_data, page, redirect, user_of
from app.web.types import WebRequest


def postcode_message(error: PostcodeError) -> str:
    """The translated message for a postcode that was refused."""
    if error.reason == EMPTY:
        return _("Enter your postcode, for example 9712 AB.")
    if error.reason == DIGITS:
        return _("A postcode starts with four digits from 1000 to 9999.")
    if error.reason == LETTERS:
        return _("The letters SA, SD and SS are not used in Dutch postcodes.")
    return _("Enter a postcode as four digits and two letters, for example 9712 AB.")


@get("/gebieden", name="areas_index")
async def areas_index(request: WebRequest) -> Template:
    """The whole area tree as it is today."""
    return page(
        "areas/index.html",
        tree=await queries.tree(),
        levels=services.level_names(),
        can_manage=is_admin(user_of(request)),
    )


@get("/gebieden/{code:str}", name="area")
async def area_page(request: WebRequest, code: FromPath[str]) -> Template:
    """One area: its parents, its parts, its programmes and rounds, and its validity."""
    area = await queries.area_by_code(code)
    if area is None:
        message = _("There is no area with code {code}.").format(code=code[:20])
        return error_page(404, message)
    today = date.today()
    current = queries.is_current(area, today)
    children_day = today if current or area.valid_to is None else area.valid_to
    successors = [
        found
        for found in [await queries.area_by_code(c) for c in area.successors]
        if found is not None
    ]
    rounds = await round_queries.rounds_in_areas(
        {area.code, *await queries.descendant_codes(area.code, on=children_day)}
    )
    return page(
        "areas/area.html",
        area=area,
        current=current,
        parents=list(reversed((await queries.lineage(area.code))[1:])),
        children=await queries.children(area.code, on=children_day),
        successors=successors,
        programmes=await programme_queries.programmes_of_area(area.code, today.year),
        round_phase_label=phase_label,
        rounds=rounds,
        ranges=await queries.postcode_ranges(area.code),
        levels=services.level_names(),
        can_edit=can_edit_programmes(user_of(request)),
        panels=await panels_for("area", area),
    )


@get("/postcode", name="postcode_lookup")
async def postcode_lookup(postcode: FromQuery[str | None] = None) -> Template | Redirect:
    """Find the buurt of a postcode and go to its page; explain a bad or unknown postcode."""
    if postcode is None:
        return page("areas/postcode.html", postcode="", error="")
    try:
        parsed = parse_postcode(postcode)
    except PostcodeError as error:
        return page(
            "areas/postcode.html", status=400, postcode=postcode[:20], error=postcode_message(error)
        )
    area = await queries.area_for_postcode(str(parsed))
    if area is None:
        message = _("We do not know postcode {postcode}: it is not in this municipality.").format(
            postcode=parsed.display
        )
        return page("areas/postcode.html", status=404, postcode=parsed.display, error=message)
    return redirect(f"/gebieden/{area.code}")


async def _admin_page(status: int = 200, **context: object) -> Template:
    defaults: TemplateContext = {"add_errors": {}, "end_errors": {}, "add_form": {}, "end_form": {}}
    return page(
        "areas/admin.html",
        status=status,
        levels=services.level_names(),
        tree=await queries.tree(),
        done=context.pop("done", ""),
        **{**defaults, **context},
    )


@get("/beheer/gebieden", name="area_admin", guards=[admin_required])
async def area_admin(done: FromQuery[str] = "") -> Template:
    """Admin page: add an area, end an area's validity."""
    return await _admin_page(done=done[:40])


@post("/beheer/gebieden/nieuw", name="area_add", guards=[admin_required])
async def area_add(request: WebRequest) -> Template | Redirect:
    """Add an area below a parent."""
    data = await form_data(request)
    answer = await services.add_area(
        f"user:{user_of(request).id}",
        code=data.get("code", "")[:40],
        name=data.get("name", "")[:400],
        level=data.get("level", ""),
        parent_code=data.get("parent", "")[:40],
        valid_from=data.get("valid_from", "")[:20],
    )
    if not answer.ok:
        return await _admin_page(status=400, add_errors=answer.problems, add_form=data)
    return redirect("/beheer/gebieden?done=added")


@post("/beheer/gebieden/beeindigen", name="area_end", guards=[admin_required])
async def area_end(request: WebRequest) -> Template | Redirect:
    """End an area's validity and name its successors."""
    data = await form_data(request)
    answer = await services.end_area(
        f"user:{user_of(request).id}",
        code=data.get("end_code", "")[:40],
        valid_to=data.get("valid_to", "")[:20],
        successors=data.get("successors", "")[:200],
    )
    if not answer.ok:
        fields = {"code": "end_code"}
        errors = {fields.get(key, key): message for key, message in answer.problems.items()}
        return await _admin_page(status=400, end_errors=errors, end_form=data)
    return redirect("/beheer/gebieden?done=ended")


ROUTES = [areas_index, area_page, postcode_lookup, area_admin, area_add, area_end]
