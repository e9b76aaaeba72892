"""Project pages: read a project; staff record delivery; residents follow and unsubscribe."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.answer import Answer
from app.i18n import _
from app.programmes.money import format_euros_plain
from app.web.answers import status_of
from app.web.helpers import (
    error_page,
    form_data,
    login_required,
    page,
    redirect,
    unsubscribe_page,
    user_of,
)
from app.web.types import WebRequest
from app.web.uploads import stored_file
from delivery import follows, permissions, photos, queries, rules, services
from delivery.texts import status_word

UPLOAD_LIMIT = 6 * 1024 * 1024  # one photo of 5 MB and its alt text


async def _project_page(
    request: WebRequest, project_id: int, status: int = 200, **context: object
) -> Template:
    found = await queries.project(project_id)
    if found is None:
        return error_page(404, _("This project does not exist."))
    user = user_of(request)
    following = await queries.is_following(project_id, user.id)
    defaults: dict[str, object] = {
        "errors": {},
        "form": {
            "committed": format_euros_plain(found.committed_cents),
            "spent": format_euros_plain(found.spent_cents),
        },
        "done": "",
    }
    return page(
        "delivery/project.html",
        status=status,
        project=found,
        status_word=status_word,
        next_statuses=sorted(rules.NEXT[found.status], key=rules.STATUSES.index),
        can_record=permissions.can_record_delivery(user, found.lineage),
        following=following,
        follow_refusal="" if following else await follows.follow_refusal(user, found),
        **{**defaults, **context},
    )


async def _answer(
    request: WebRequest, project_id: int, outcome: Answer[int], done: str
) -> Template | Redirect:
    """Post/redirect/get when it worked; the page with the problems, or the refusal, if not."""
    if outcome.ok:
        return redirect(f"/projecten/{project_id}?done={done}")
    if outcome.field_problems:
        data = await form_data(request) if request.method == "POST" else {}
        return await _project_page(
            request, project_id, status=status_of(outcome), errors=outcome.field_problems, form=data
        )
    return error_page(status_of(outcome), outcome.message)


@get("/projecten/{project_id:int}", name="project")
async def project_page(
    request: WebRequest, project_id: FromPath[int], done: FromQuery[str] = ""
) -> Template:
    """A project: round, proposal, money, status in plain words, milestones and photos."""
    return await _project_page(request, project_id, done=done[:20])


@post("/projecten/{project_id:int}/status", name="project_status", guards=[login_required])
async def project_status(request: WebRequest, project_id: FromPath[int]) -> Template | Redirect:
    """Staff (or the area's council): move the project to a new status."""
    data = await form_data(request)
    outcome = await services.change_status(
        user_of(request), project_id, data.get("status", "")[:20], data.get("reason", "")[:5000]
    )
    return await _answer(request, project_id, outcome, "status")


@post("/projecten/{project_id:int}/geld", name="project_money", guards=[login_required])
async def project_money(request: WebRequest, project_id: FromPath[int]) -> Template | Redirect:
    """Staff (or the area's council): record money committed and spent, in euros."""
    data = await form_data(request)
    outcome = await services.record_money(
        user_of(request), project_id, data.get("committed", "")[:40], data.get("spent", "")[:40]
    )
    return await _answer(request, project_id, outcome, "money")


@post(
    "/projecten/{project_id:int}/mijlpalen", name="project_milestone_add", guards=[login_required]
)
async def project_milestone_add(
    request: WebRequest, project_id: FromPath[int]
) -> Template | Redirect:
    """Staff (or the area's council): add a milestone with an optional planned date."""
    data = await form_data(request)
    outcome = await services.add_milestone(
        user_of(request),
        project_id,
        data.get("milestone_title", "")[:1000],
        data.get("planned_on", "")[:20],
    )
    return await _answer(request, project_id, outcome, "milestone")


@post(
    "/projecten/{project_id:int}/mijlpalen/{milestone_id:int}/bereikt",
    name="project_milestone_reached",
    guards=[login_required],
)
async def project_milestone_reached(
    request: WebRequest, project_id: FromPath[int], milestone_id: FromPath[int]
) -> Template | Redirect:
    """Staff (or the area's council): mark a milestone reached."""
    data = await form_data(request)
    outcome = await services.reach_milestone(
        user_of(request),
        project_id,
        milestone_id,
        data.get("reached_on", "")[:20],
        data.get("note", "")[:5000],
    )
    return await _answer(request, project_id, outcome, "reached")


@post(
    "/projecten/{project_id:int}/fotos",
    name="project_photo_add",
    guards=[login_required],
    request_max_body_size=UPLOAD_LIMIT,
)
async def project_photo_add(request: WebRequest, project_id: FromPath[int]) -> Template | Redirect:
    """Staff (or the area's council): add a progress photo with its description."""
    form = await request.form()
    upload = form.get("photo")
    data = await upload.read(photos.MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
    alt = form.get("alt_text", "")
    outcome = await photos.add_photo(
        user_of(request),
        project_id,
        photos.Upload(data=data, alt_text=alt[:1000] if isinstance(alt, str) else ""),
    )
    if not outcome.ok and outcome.field_problems:
        return await _project_page(request, project_id, 400, errors=outcome.field_problems)
    return await _answer(request, project_id, outcome, "photo")


@get("/projecten/fotos/{filename:str}", name="project_photo")
async def project_photo(filename: FromPath[str]) -> Response[bytes]:
    """A stored project photo with its sniffed type, never sniffed again or run inline."""
    found = await queries.photo_by_name(filename) if photos.valid_name(filename) else None
    data = None if found is None else photos.read(filename)
    content_type = "" if found is None else found.content_type
    return stored_file(data, content_type, cache="public, max-age=3600")


@post("/projecten/{project_id:int}/volgen", name="project_follow", guards=[login_required])
async def project_follow(request: WebRequest, project_id: FromPath[int]) -> Template | Redirect:
    """A resident who proposed, supported or voted follows the project."""
    outcome = await follows.follow(user_of(request), project_id)
    return await _answer(request, project_id, outcome, "following")


@post("/projecten/{project_id:int}/ontvolgen", name="project_unfollow", guards=[login_required])
async def project_unfollow(request: WebRequest, project_id: FromPath[int]) -> Template | Redirect:
    """Stop following the project."""
    outcome = await follows.unfollow(user_of(request), project_id)
    return await _answer(request, project_id, outcome, "unfollowed")


@get("/projecten/afmelden/{token:str}", name="project_unsubscribe")
async def project_unsubscribe(token: FromPath[str]) -> Template:
    """The link in a follower's mail: one button confirms (mail scanners do not unsubscribe)."""
    found = await follows.project_for_token(token[:200])
    confirm = f"/projecten/afmelden/{quote(token[:200])}" if found else ""
    return unsubscribe_page("project", confirm_url=confirm)


@post("/projecten/afmelden/{token:str}", name="project_unsubscribe_confirm")
async def project_unsubscribe_confirm(token: FromPath[str]) -> Template:
    """Stop the follow the token belongs to."""
    outcome = await follows.unsubscribe(token[:200])
    back = f"/projecten/{outcome.value}" if outcome.value else ""
    return unsubscribe_page("project", status=status_of(outcome), back_url=back, done=outcome.ok)


ROUTES = [
    project_page,
    project_status,
    project_money,
    project_milestone_add,
    project_milestone_reached,
    project_photo_add,
    project_photo,
    project_follow,
    project_unfollow,
    project_unsubscribe,
    project_unsubscribe_confirm,
]
