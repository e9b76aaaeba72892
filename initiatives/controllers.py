"""Initiative pages: apply, confirm as co-initiator, react, the thread, decide, report.

Thin handlers: read the form, call one use case, and hand its result to `respond`, the one
place that maps a result to a response.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.accounts.permissions import Principal, is_staff
from app.answer import FORBIDDEN, LOGIN, MISSING, Answer, T
from app.areas import queries as area_queries
from app.i18n import _
from app.web.helpers import (
    error_page,
    form_data,
    login_required,
    login_url,
    page,
    redirect,
    user_of,
)
from app.web.types import TemplateContext, WebRequest
from app.web.uploads import stored_file
from initiatives import deadlines, deciding, files, finance, permissions, queries, services
from initiatives import status as st
from initiatives.common import lives_in, load, rules_of
from initiatives.money import Settlement
from initiatives.texts import outcome_word, status_word

UPLOAD_LIMIT = 24 * 1024 * 1024  # three photos and their texts, or receipts

Render = Callable[[int, dict[str, str], dict[str, str]], Awaitable[Template]]


async def respond(
    request: WebRequest, result: Answer[T], done: str, render: Render
) -> Template | Redirect:
    """The one mapping of a use case's result: redirect, sign in, refuse, or show problems."""
    if result.ok:
        return redirect(done)
    if LOGIN in result.problems:
        return redirect(login_url(request.url.path))
    if FORBIDDEN in result.problems:
        return error_page(403, result.problems[FORBIDDEN])
    if MISSING in result.problems:
        return error_page(404, result.problems[MISSING])
    data = await form_data(request)
    return await render(400, result.problems, data)


async def _uploads(request: WebRequest, name: str, alt: str = "") -> list[files.Upload]:
    form = await request.form()
    found = []
    for value in form.getall(name) if name in form else []:
        if isinstance(value, UploadFile):
            data = await value.read(files.MAX_BYTES + 1)
            if data:
                text = form.get(alt, "") if alt else ""
                found.append(files.Upload(data, text if isinstance(text, str) else ""))
    return found


# ---- reading ----------------------------------------------------------------------------


@get("/initiatieven", name="initiatives_index")
async def index(request: WebRequest) -> Template:
    """Every initiatives fund with its money, and the signed-in resident's own applications."""
    user = user_of(request)
    overview = await queries.public_overview([row.area_code for row in await queries.funds()])
    names = await area_queries.names_by_code(row.area_code for row in overview)
    mine = await queries.initiatives(applicant=user.id) if user.authenticated else []
    return page(
        "initiatives/index.html",
        funds=overview,
        area_names=names,
        mine=mine,
        status_word=status_word,
        can_decide=permissions.may_decide_somewhere(user),
    )


async def _context(user: Principal, initiative_id: int) -> TemplateContext | None:
    loaded = await load(initiative_id)
    if loaded is None or not permissions.can_view(user, loaded.subject, loaded.status):
        return None
    row, subject, state = loaded.row, loaded.subject, loaded.status
    today = date.today()
    reactions = await queries.reactions(loaded.id)
    inside = user.authenticated and await lives_in(user.postcode, loaded.fund.area_code)
    votes = await queries.votes(loaded.id)
    report_due = (
        deadlines.report_deadline(rules_of(loaded.fund), row.held_on)
        if row.held_on is not None
        else None
    )
    return {
        "item": row,
        "fund": loaded.fund,
        "area": await area_queries.area_by_code(loaded.fund.area_code),
        "status_word": status_word,
        "outcome_word": outcome_word,
        "days_left": deadlines.days_left(row.deadline, today),
        "report_due": report_due,
        "co_initiators": await queries.co_initiators(loaded.id),
        "supports": [r for r in reactions if r.kind == "support"],
        "objections": [r for r in reactions if r.kind == "objection"],
        "photos": await queries.files(loaded.id, "photo"),
        "report_photos": await queries.files(loaded.id, "report"),
        "receipts": (
            await queries.files(loaded.id, "receipt")
            if permissions.can_see_receipts(user, subject)
            else []
        ),
        "messages": (
            await queries.messages(loaded.id)
            if permissions.can_see_thread(user, subject, state)
            else None
        ),
        "votes": votes,
        "payments": await queries.payments(loaded.id),
        "is_applicant": permissions.is_applicant(user, subject),
        "can": {
            "edit": permissions.can_edit(user, subject, state),
            "withdraw": permissions.can_withdraw(user, subject, state),
            "react": permissions.can_react(user, subject, state, inside),
            "write": permissions.can_write_thread(user, subject, state),
            "advise": permissions.can_advise(user, subject, state),
            "vote": permissions.can_vote(user, subject, state)
            and all(v.member_id != user.id for v in votes),
            "conflicted": permissions.is_decider(user, subject)
            and permissions.conflicted(user, subject)
            and state == st.IN_REVIEW,
            "decide": permissions.can_decide(user, subject, state),
            "extend": permissions.can_extend(user, subject, state) and not row.extended,
            "report": permissions.can_report(user, subject, state),
            "accept": permissions.can_accept_report(user, subject, state),
            "staff": is_staff(user),
        },
    }


def _page_renderer(request: WebRequest, initiative_id: int) -> Render:
    async def render(status: int, errors: dict[str, str], form: dict[str, str]) -> Template:
        context = await _context(user_of(request), initiative_id)
        if context is None:
            return error_page(404, _("This initiative does not exist."))
        return page(
            "initiatives/initiative.html",
            status=status,
            errors=errors,
            form=form,
            done="",
            **context,
        )

    return render


@get("/initiatieven/{initiative_id:int}", name="initiative")
async def initiative_page(
    request: WebRequest, initiative_id: FromPath[int], done: FromQuery[str] = ""
) -> Template:
    """An initiative: status, money, decision and reasons, report photos; actions by role."""
    context = await _context(user_of(request), initiative_id)
    if context is None:
        return error_page(404, _("This initiative does not exist."))
    return page(
        "initiatives/initiative.html", status=200, errors={}, form={}, done=done[:20], **context
    )


@get("/initiatieven/bestanden/{filename:str}", name="initiative_file")
async def initiative_file(request: WebRequest, filename: FromPath[str]) -> Response[bytes]:
    """A stored photo (public) or receipt (applicant and staff only), never run inline."""
    found = await queries.file_by_name(filename) if files.valid_name(filename) else None
    private = found is not None and found.kind == "receipt"
    if found is not None and private:
        loaded = await load(found.initiative_id)
        if loaded is None or not permissions.can_see_receipts(user_of(request), loaded.subject):
            found = None
    elif found is not None:
        loaded = await load(found.initiative_id)
        if loaded is None or not permissions.can_view(
            user_of(request), loaded.subject, loaded.status
        ):
            found = None
    data = None if found is None else files.read(filename, private=private)
    content_type = "" if found is None else found.content_type
    cache = "private, no-store" if private else "public, max-age=3600"
    return stored_file(data, content_type, cache=cache, attachment=private)


# ---- applying ---------------------------------------------------------------------------


async def _form_page(
    request: WebRequest,
    fund_id: int,
    initiative_id: int | None,
    status: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Template:
    fund = await queries.fund(fund_id)
    if fund is None:
        return error_page(404, _("This fund does not exist."))
    area = await area_queries.area_by_code(fund.area_code)
    user = user_of(request)
    return page(
        "initiatives/form.html",
        status=status,
        fund=fund,
        area=area,
        initiative_id=initiative_id,
        errors=errors or {},
        form=form if form is not None else {"postcode": user.postcode},
    )


@get("/initiatieven/aanvragen/{fund_id:int}", name="initiative_new", guards=[login_required])
async def new_form(request: WebRequest, fund_id: FromPath[int]) -> Template:
    """The application form of a fund."""
    return await _form_page(request, fund_id, None)


@post(
    "/initiatieven/aanvragen/{fund_id:int}",
    name="initiative_create",
    guards=[login_required],
    request_max_body_size=UPLOAD_LIMIT,
)
async def create(request: WebRequest, fund_id: FromPath[int]) -> Template | Redirect:
    """Save a new draft, or submit it at once."""
    data = await form_data(request)
    result = await services.save_application(
        user_of(request),
        fund_id,
        services.Application(data, await _uploads(request, "photos", "photo_alt")),
        submit=data.get("action") == "submit",
    )

    async def render(status: int, errors: dict[str, str], form: dict[str, str]) -> Template:
        return await _form_page(request, fund_id, None, status, errors, form)

    return await respond(request, result, f"/initiatieven/{result.value}?done=saved", render)


@get("/initiatieven/{initiative_id:int}/bewerken", name="initiative_edit", guards=[login_required])
async def edit_form(request: WebRequest, initiative_id: FromPath[int]) -> Template:
    """The applicant's draft in the application form."""
    loaded = await load(initiative_id)
    if loaded is None or not permissions.can_edit(user_of(request), loaded.subject, loaded.status):
        return error_page(404, _("This initiative does not exist."))
    form = {
        key: "" if getattr(loaded.row, key) is None else str(getattr(loaded.row, key))
        for key in ("title", "description", "place", "in_kind", "payee", "applicant_kind")
    }
    form["held_on"] = loaded.row.held_on.isoformat() if loaded.row.held_on else ""
    from app.programmes.money import format_euros_plain

    for name in ("total", "asked", "own", "other_funds"):
        value = int(getattr(loaded.row, f"{name}_cents"))
        form[name] = format_euros_plain(value) if value else ""
    form["show_name"] = "yes" if loaded.row.show_name else ""
    form["postcode"] = user_of(request).postcode
    for number, person in enumerate(await queries.co_initiators(initiative_id), start=1):
        form[f"co{number}_name"], form[f"co{number}_email"] = person.name, person.email
    return await _form_page(request, loaded.fund.id, initiative_id, form=form)


@post(
    "/initiatieven/{initiative_id:int}/bewerken",
    name="initiative_update",
    guards=[login_required],
    request_max_body_size=UPLOAD_LIMIT,
)
async def update(request: WebRequest, initiative_id: FromPath[int]) -> Template | Redirect:
    """Save the draft again, or submit it."""
    data = await form_data(request)
    row = await queries.initiative(initiative_id)
    fund_id = row.fund if row else 0
    result = await services.save_application(
        user_of(request),
        fund_id,
        services.Application(data, await _uploads(request, "photos", "photo_alt")),
        initiative_id=initiative_id,
        submit=data.get("action") == "submit",
    )

    async def render(status: int, errors: dict[str, str], form: dict[str, str]) -> Template:
        return await _form_page(request, fund_id, initiative_id, status, errors, form)

    return await respond(request, result, f"/initiatieven/{initiative_id}?done=saved", render)


@get("/initiatieven/bevestigen/{token:str}", name="initiative_confirm")
async def confirm_form(token: FromPath[str]) -> Template:
    """The co-initiator's link: one form with their postcode (mail scanners confirm nothing)."""
    return page("initiatives/confirm.html", token=token[:100], errors={}, form={}, done=False)


@post("/initiatieven/bevestigen/{token:str}", name="initiative_confirm_post")
async def confirm_post(request: WebRequest, token: FromPath[str]) -> Template:
    """Confirm as co-initiator."""
    data = await form_data(request)
    result = await services.confirm_co_initiator(token[:100], data.get("postcode", "")[:10])
    return page(
        "initiatives/confirm.html",
        status=200 if result.ok else 400,
        token=token[:100],
        errors=result.problems,
        form=data,
        done=result.ok,
        initiative_id=result.value,
    )


def _action(
    path: str,
    name: str,
    call: Callable[[Principal, int, dict[str, str]], Awaitable[Answer[T]]],
    done: str,
) -> HTTPRouteHandler:
    @post(path, name=name, guards=[login_required], request_max_body_size=UPLOAD_LIMIT)
    async def handler(request: WebRequest, initiative_id: FromPath[int]) -> Template | Redirect:
        """Run the action on the initiative and answer with its page or a redirect."""
        data = await form_data(request)
        result = await call(user_of(request), initiative_id, data)
        return await respond(
            request,
            result,
            f"/initiatieven/{initiative_id}?done={done}",
            _page_renderer(request, initiative_id),
        )

    return handler


async def _react(user: Principal, i: int, data: dict[str, str]) -> Answer[int]:
    return await services.react(user, i, data.get("kind", ""), data.get("reason", "")[:2000])


async def _withdraw(user: Principal, i: int, data: dict[str, str]) -> Answer[int]:
    return await services.withdraw(user, i)


async def _message(user: Principal, i: int, data: dict[str, str]) -> Answer[int]:
    return await services.post_message(user, i, data.get("body", "")[:6000])


async def _advise(user: Principal, i: int, data: dict[str, str]) -> Answer[int]:
    return await deciding.advise(user, i, data.get("advice", "")[:6000])


async def _vote(user: Principal, i: int, data: dict[str, str]) -> Answer[int]:
    return await deciding.vote(user, i, data.get("choice", ""))


async def _decide(user: Principal, i: int, data: dict[str, str]) -> Answer[int]:
    return await deciding.decide(
        user,
        i,
        data.get("outcome", ""),
        data.get("amount", "")[:40],
        data.get("reasons", "")[:6000],
        data.get("conditions", "")[:6000],
    )


async def _extend(user: Principal, i: int, data: dict[str, str]) -> Answer[date]:
    return await deciding.extend(user, i)


async def _accept(user: Principal, i: int, data: dict[str, str]) -> Answer[Settlement]:
    return await finance.accept_report(user, i)


@post(
    "/initiatieven/{initiative_id:int}/verslag",
    name="initiative_report",
    guards=[login_required],
    request_max_body_size=UPLOAD_LIMIT * 2,
)
async def report(request: WebRequest, initiative_id: FromPath[int]) -> Template | Redirect:
    """The applicant's report with photos and receipts."""
    data = await form_data(request)
    result = await finance.submit_report(
        user_of(request),
        initiative_id,
        finance.Report(
            text=data.get("report", "")[:6000],
            spent=data.get("spent", "")[:40],
            iban=data.get("iban", "")[:50],
            photos=await _uploads(request, "report_photos"),
            receipts=await _uploads(request, "receipts"),
        ),
    )
    return await respond(
        request,
        result,
        f"/initiatieven/{initiative_id}?done=report",
        _page_renderer(request, initiative_id),
    )


@get("/initiatieven/wachtrij", name="initiatives_queue", guards=[login_required])
async def queue(request: WebRequest) -> Template:
    """The deciders' (and staff's) queue: applications in review, deadline counting down."""
    user = user_of(request)
    today = date.today()
    items = []
    for row in await queries.initiatives(statuses=[st.IN_REVIEW, st.CARRIED_OUT]):
        loaded = await load(row.id)
        if loaded is None:
            continue
        if not (is_staff(user) or permissions.is_decider(user, loaded.subject)):
            continue
        items.append(queries.queue_item(row, deadlines.days_left(row.deadline, today)))
    items.sort(key=lambda item: (item.days_left is None, item.days_left or 0))
    return page("initiatives/queue.html", items=items, status_word=status_word)


ROUTES = [
    index,
    queue,
    initiative_page,
    initiative_file,
    new_form,
    create,
    edit_form,
    update,
    confirm_form,
    confirm_post,
    report,
    _action("/initiatieven/{initiative_id:int}/reactie", "initiative_react", _react, "reacted"),
    _action(
        "/initiatieven/{initiative_id:int}/intrekken", "initiative_withdraw", _withdraw, "withdrawn"
    ),
    _action("/initiatieven/{initiative_id:int}/bericht", "initiative_message", _message, "message"),
    _action("/initiatieven/{initiative_id:int}/advies", "initiative_advise", _advise, "advice"),
    _action("/initiatieven/{initiative_id:int}/stem", "initiative_vote", _vote, "voted"),
    _action("/initiatieven/{initiative_id:int}/besluit", "initiative_decide", _decide, "decided"),
    _action(
        "/initiatieven/{initiative_id:int}/verlengen", "initiative_extend", _extend, "extended"
    ),
    _action(
        "/initiatieven/{initiative_id:int}/verslag-akkoord",
        "initiative_accept",
        _accept,
        "accepted",
    ),
]
