"""Staff pages for initiatives: set up funds on budget lines, payment orders and confirmations."""

from __future__ import annotations

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.areas import queries as area_queries
from app.programmes import queries as programme_queries
from app.programmes.money import format_euros_plain
from app.web.helpers import error_page, form_data, page, staff_required, user_of
from app.web.types import WebRequest
from initiatives import finance, queries, services
from initiatives.controllers import respond

CONFIRMATION_LIMIT = 2 * 1024 * 1024


async def _admin_page(
    status: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    done: str = "",
) -> Template:
    funds = []
    for row in await queries.funds():
        funds.append(await queries.with_totals(row))
    lines = []
    for programme in await programme_queries.programmes():
        for line in await programme_queries.budget_lines(int(programme["id"])):
            if line["kind"] != "resident":
                lines.append({**line, "programme_title": programme["title"]})
    return page(
        "initiatives/admin.html",
        status=status,
        funds=funds,
        lines=lines,
        orders=await queries.open_payment_orders(),
        area_names=await area_queries.names_by_code(f.area_code for f in funds),
        plain=format_euros_plain,
        errors=errors or {},
        form=form or {},
        done=done,
    )


@get("/beheer/initiatieven", name="initiatives_admin", guards=[staff_required])
async def admin(done: FromQuery[str] = "") -> Template:
    """Staff: the funds, a form to mark a line as an initiatives line, open payment orders."""
    return await _admin_page(done=done[:20])


@post("/beheer/initiatieven/fonds", name="initiatives_fund_save", guards=[staff_required])
async def fund_save(request: WebRequest) -> Template | Redirect:
    """Staff: mark a budget line as the initiatives line of an area, or change its rules."""
    data = await form_data(request)
    line = data.get("line", "")
    result = await services.save_fund(user_of(request), int(line) if line.isdigit() else 0, data)

    async def render(status: int, errors: dict[str, str], form: dict[str, str]) -> Template:
        return await _admin_page(status, errors, form)

    return await respond(request, result, "/beheer/initiatieven?done=fund", render)


@get(
    "/beheer/initiatieven/betaalopdrachten.csv",
    name="initiatives_payment_orders",
    guards=[staff_required],
)
async def payment_orders(request: WebRequest) -> Response[str] | Template:
    """Staff (finance): the payment-order CSV with grant number, payee, IBAN and amount."""
    result = await finance.payment_orders_csv(user_of(request))
    if result.value is None:
        return error_page(403, result.message)
    return Response(
        content=result.value,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="betaalopdrachten.csv"',
            "Cache-Control": "private, no-store",
        },
    )


@post(
    "/beheer/initiatieven/bevestigingen",
    name="initiatives_confirmations",
    guards=[staff_required],
    request_max_body_size=CONFIRMATION_LIMIT + 64 * 1024,
)
async def confirmations(request: WebRequest) -> Template | Redirect:
    """Staff (finance): upload the paid references and amounts; all lines or none."""
    form = await request.form()
    upload = form.get("file")
    raw = await upload.read(CONFIRMATION_LIMIT + 1) if isinstance(upload, UploadFile) else b""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    result = await finance.confirm_payments(user_of(request), text)

    async def render(status: int, errors: dict[str, str], form: dict[str, str]) -> Template:
        return await _admin_page(status, errors, form)

    return await respond(request, result, "/beheer/initiatieven?done=confirmed", render)


ROUTES = [admin, fund_save, payment_orders, confirmations]
