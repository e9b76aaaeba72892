"""Staff pages of the ballot box: voting codes and letters, and turnout for staff and council."""

from __future__ import annotations

from collections import Counter

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.accounts.permissions import acts_for_area
from app.areas import queries as areas
from app.i18n import _
from app.rounds.queries import RoundView, round_by_id
from app.web.answers import status_of
from app.web.helpers import form_data, login_required, page, redirect, staff_required, user_of
from app.web.types import WebRequest
from ballots.box import eligibility, issuing, letters, queries
from ballots.box.issuing import Address

MAX_SHOWN_CODES = 500


async def _round(round_id: int) -> RoundView:
    found = await round_by_id(round_id)
    if found is None:
        raise NotFoundException()
    return found


def _actor(request: WebRequest) -> str:
    return f"user:{user_of(request).id}"


def file_response(item: letters.Download) -> Response[bytes]:
    """A download that no cache keeps."""
    return Response(
        content=item.body,
        media_type=item.media_type,
        status_code=200,
        headers={
            "Content-Disposition": f'attachment; filename="{item.filename}"',
            "Cache-Control": "no-store",
        },
    )


async def _codes_page(
    view: RoundView, status: int = 200, error: str = "", done: str = "", **form: object
) -> Template:
    rows = await queries.round_codes(view.id)
    return page(
        "vote/codes.html",
        status=status,
        round=view,
        codes=rows[:MAX_SHOWN_CODES],
        total=len(rows),
        by_status=Counter(str(r["status"]) for r in rows),
        error=error,
        done=done,
        form=form,
        paper_info=letters.default_paper_info(),
        pending=await issuing.pending_batches(view.id),
    )


@get("/beheer/stemmen/{round_id:int}/codes", name="vote_codes", guards=[staff_required])
async def vote_codes(round_id: FromPath[int], done: FromQuery[str] = "") -> Template:
    """A round's voting codes (never the codes themselves) and the forms to issue letters."""
    return await _codes_page(await _round(round_id), done=done)


async def _upload(request: WebRequest) -> bytes:
    form = await request.form()
    upload = form.get("addresses")
    if isinstance(upload, UploadFile) and upload.filename:
        return await upload.read()
    return b""


@post("/beheer/stemmen/{round_id:int}/codes", name="vote_codes_generate", guards=[staff_required])
async def vote_codes_generate(
    request: WebRequest, round_id: FromPath[int]
) -> Response[bytes] | Template:
    """Issue codes (a number, or one per uploaded address) and download the letters once."""
    view = await _round(round_id)
    data = await form_data(request)
    output = data.get("output", "pdf")
    count_text = data.get("count", "").strip() or "0"
    if output not in letters.OUTPUTS or not count_text.isdigit():
        return await _codes_page(view, 400, _("Fill in a whole number of codes."), **data)
    addresses: list[Address] = []
    raw = await _upload(request)
    if raw:
        try:
            addresses = letters.read_addresses(raw)
        except letters.AddressFileError as exc:
            return await _codes_page(view, 400, str(exc), **data)
    if int(count_text) <= 0 and not addresses:
        return await _codes_page(
            view, 400, _("Ask for a number of codes or upload an address file."), **data
        )
    answer = await issuing.generate_codes(
        round_id,
        count=int(count_text),
        addresses=addresses,
        actor=_actor(request),
        requested_by=user_of(request).id,
    )
    if answer.value is None:
        return await _codes_page(view, status_of(answer), answer.message, **data)
    return file_response(letters.download(view, answer.value, output, data.get("paper_info", "")))


@post(
    "/beheer/stemmen/{round_id:int}/codes/{code_id:int}/intrekken",
    name="vote_code_void",
    guards=[staff_required],
)
async def vote_code_void(
    request: WebRequest, round_id: FromPath[int], code_id: FromPath[int]
) -> Redirect | Template:
    """Void one code (a lost letter); audited."""
    view = await _round(round_id)
    data = await form_data(request)
    answer = await issuing.void_code(
        code_id, actor=_actor(request), reason=data.get("reason", ""), round_id=round_id
    )
    if not answer.ok:
        return await _codes_page(view, status_of(answer), answer.message)
    return redirect(f"/beheer/stemmen/{round_id}/codes?done=voided")


@post(
    "/beheer/stemmen/{round_id:int}/codes/{code_id:int}/opnieuw",
    name="vote_code_reissue",
    guards=[staff_required],
)
async def vote_code_reissue(
    request: WebRequest, round_id: FromPath[int], code_id: FromPath[int]
) -> Response[bytes] | Template:
    """Void a code and download one new letter for the same address; audited."""
    view = await _round(round_id)
    data = await form_data(request)
    answer = await issuing.reissue_code(
        code_id,
        actor=_actor(request),
        reason=data.get("reason", ""),
        round_id=round_id,
        requested_by=user_of(request).id,
    )
    if answer.value is None:
        return await _codes_page(view, status_of(answer), answer.message)
    return file_response(letters.download(view, [answer.value], "pdf", data.get("paper_info", "")))


@post(
    "/beheer/stemmen/{round_id:int}/codes/register",
    name="vote_codes_register",
    guards=[staff_required],
)
async def vote_codes_register(
    request: WebRequest, round_id: FromPath[int]
) -> Response[bytes] | Template:
    """One letter per person in the register who has none yet (not for secret entries)."""
    view = await _round(round_id)
    data = await form_data(request)
    output = data.get("output", "pdf")
    if output not in letters.OUTPUTS:
        output = "pdf"
    answer = await issuing.generate_from_register(round_id, actor=_actor(request))
    if answer.value is None:
        return await _codes_page(view, status_of(answer), answer.message)
    return file_response(letters.download(view, answer.value, output, data.get("paper_info", "")))


@post(
    "/beheer/stemmen/{round_id:int}/codes/adressen-wissen",
    name="vote_codes_forget",
    guards=[staff_required],
)
async def vote_codes_forget(request: WebRequest, round_id: FromPath[int]) -> Redirect | Template:
    """Delete the letters' addresses once printed (must be confirmed); audited."""
    view = await _round(round_id)
    if (await form_data(request)).get("confirm") != "yes":
        return await _codes_page(view, 400, _("Tick the box to confirm the letters are printed."))
    await issuing.forget_addresses(round_id, actor=_actor(request))
    return redirect(f"/beheer/stemmen/{round_id}/codes?done=forgotten")


@post(
    "/beheer/stemmen/{round_id:int}/codes/bevestigen/{batch:str}",
    name="vote_codes_confirm",
    guards=[staff_required],
)
async def vote_codes_confirm(
    request: WebRequest, round_id: FromPath[int], batch: FromPath[str]
) -> Redirect | Template:
    """A second staff member confirms codes without an address, or a reissued code; audited."""
    view = await _round(round_id)
    user = user_of(request)
    assert user.id is not None  # noqa: S101  (staff_required)
    answer = await issuing.confirm_codes(round_id, batch, staff_id=user.id, actor=_actor(request))
    if not answer.ok:
        return await _codes_page(view, status_of(answer), answer.message)
    return redirect(f"/beheer/stemmen/{round_id}/codes?done=confirmed")


@get("/stemmen/{round_id:int}/opkomst", name="vote_turnout", guards=[login_required])
async def vote_turnout(request: WebRequest, round_id: FromPath[int]) -> Template:
    """Turnout per buurt and channel for staff and the area's council; never a choice."""
    view = await _round(round_id)
    if not acts_for_area(user_of(request), await areas.lineage_codes(view.area_code)):
        raise PermissionDeniedException()
    rows = await queries.turnout(round_id)
    channels = sorted({r.channel for r in rows})
    table: dict[str, dict[str, int]] = {}
    for r in rows:
        table.setdefault(r.buurt_code, {})[r.channel] = r.voters
    found = await areas.names_by_code(table)
    names = {
        code: found.get(code.strip().upper(), code) if code else _("Unknown buurt")
        for code in table
    }
    return page(
        "vote/turnout.html",
        round=view,
        channels=channels,
        table=table,
        names=names,
        totals={c: sum(r.voters for r in rows if r.channel == c) for c in channels},
        total=sum(r.voters for r in rows),
        issued=len(await queries.round_codes(round_id)),
        desk=await eligibility.desk_count(round_id),
    )


ROUTES = [
    vote_codes,
    vote_codes_generate,
    vote_code_void,
    vote_code_reissue,
    vote_codes_confirm,
    vote_codes_register,
    vote_codes_forget,
    vote_turnout,
]
