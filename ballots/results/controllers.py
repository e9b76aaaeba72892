"""Result pages: the count's progress and draft, certification, the export and the recount check."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.accounts.permissions import is_staff
from app.answer import CONFLICT, Answer, refused
from app.i18n import _
from app.rounds.queries import round_by_id
from app.web.answers import status_of
from app.web.helpers import client_address, form_data, login_required, page, redirect, user_of
from app.web.types import TemplateContext, WebRequest
from ballots.register import queries as register_queries
from ballots.results import (
    jobs,
    permissions,
    present,
    queries,
    record,
    recount,
    services,
    signing,
)
from ballots.results.export import ExportError
from ballots.results.verify import Verdict, read_certificate

MAX_UPLOAD = 10 * 1024 * 1024


async def _context(request: WebRequest, round_id: int) -> TemplateContext:
    view = await round_by_id(round_id)
    if view is None:
        raise NotFoundException()
    user = user_of(request)
    result = await queries.latest_result(round_id)
    decided = result is not None and any(d.certifier == user.id for d in result.decisions)
    return {
        "readable": await present.readable(view, result) if result is not None else None,
        "round": view,
        "job": await queries.latest_job(round_id),
        "result": result,
        "certificates": await queries.certificates(round_id),
        "can_count": user.authenticated and await jobs.counts_area(user, view.area_code),
        "can_certify": permissions.is_certifier(user) and not decided,
        "can_correct": is_staff(user),
        "unverified": await register_queries.is_unverified_poll(round_id, view.phase),
    }


async def _show(request: WebRequest, round_id: int, answer: Answer[Any] | None = None) -> Template:
    context = await _context(request, round_id)
    status = status_of(answer) if answer is not None else 200
    error = answer.message if answer is not None else ""
    return page("results/result.html", status=status, error=error, done="", **context)


def _back(round_id: int, done: str) -> Redirect:
    return redirect(f"/rondes/{round_id}/uitslag?klaar={done}")


@get("/rondes/{round_id:int}/uitslag", name="result")
async def result(
    request: WebRequest, round_id: FromPath[int], klaar: FromQuery[str] = ""
) -> Template:
    """The count's progress, the draft or certified result, and the certifiers' forms."""
    context = await _context(request, round_id)
    return page("results/result.html", 200, done=klaar[:20], error="", **context)


@post("/rondes/{round_id:int}/uitslag", name="result_count", guards=[login_required])
async def result_count(request: WebRequest, round_id: FromPath[int]) -> Redirect | Template:
    """Staff or the round's council start the count; a worker does it, not this request."""
    answer = await jobs.request_count(user_of(request), round_id)
    return _back(round_id, "telling") if answer.ok else await _show(request, round_id, answer)


@post("/rondes/{round_id:int}/uitslag/correctie", name="result_correct", guards=[login_required])
async def result_correct(request: WebRequest, round_id: FromPath[int]) -> Redirect | Template:
    """Staff start a correction recount of the certificate in force, with a public reason."""
    data = await form_data(request)
    current = await queries.current_certificate(round_id)
    if current is None:
        answer: Answer[int] = refused(CONFLICT, _("There is no certified result to correct."))
    else:
        answer = await jobs.request_count(
            user_of(request), round_id, corrects=current.id, reason=data.get("reason", "")
        )
    return _back(round_id, "telling") if answer.ok else await _show(request, round_id, answer)


@post(
    "/rondes/{round_id:int}/uitslag/{result_id:int}/goedkeuren",
    name="result_approve",
    guards=[login_required],
)
async def result_approve(
    request: WebRequest, round_id: FromPath[int], result_id: FromPath[int]
) -> Redirect | Template:
    """A certifier approves; the second re-enters the password and the result is certified."""
    data = await form_data(request)
    answer = await services.approve_result(
        user_of(request), round_id, result_id, data.get("password", ""), client_address(request)
    )
    if not answer.ok:
        return await _show(request, round_id, answer)
    certified = answer.value is not None and answer.value.certificate_id is not None
    return _back(round_id, "gecertificeerd" if certified else "goedgekeurd")


@post(
    "/rondes/{round_id:int}/uitslag/{result_id:int}/afwijzen",
    name="result_reject",
    guards=[login_required],
)
async def result_reject(
    request: WebRequest, round_id: FromPath[int], result_id: FromPath[int]
) -> Redirect | Template:
    """A certifier rejects the draft with a reason; it goes back for a recount."""
    data = await form_data(request)
    answer = await services.reject_result(
        user_of(request), round_id, result_id, data.get("reason", "")
    )
    return _back(round_id, "afgewezen") if answer.ok else await _show(request, round_id, answer)


async def _certified(round_id: int) -> tuple[queries.CertificateView, str]:
    found = await queries.certified_export(round_id)
    if found is None:
        raise NotFoundException()
    return found


def _download(body: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        content=body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@get("/rondes/{round_id:int}/uitslag/ballots.pb", name="result_export_ballots")
async def result_export_ballots(round_id: FromPath[int]) -> Response[bytes]:
    """The certified round's ballots in Pabulib format (receipt codes, nothing personal)."""
    _certificate, ballots = await _certified(round_id)
    return _download(ballots.encode("utf-8"), "text/plain; charset=utf-8", "ballots.pb")


@get("/rondes/{round_id:int}/uitslag/certificate.json", name="result_export_certificate")
async def result_export_certificate(round_id: FromPath[int]) -> Response[bytes]:
    """The certificate in force as JSON: body, SHA-256 and the audit head printed on it."""
    certificate, _ballots = await _certified(round_id)
    return _download(
        certificate.published().encode("utf-8"), "application/json", "certificate.json"
    )


@get("/rondes/{round_id:int}/uitslag/proces-verbaal.pdf", name="result_record_pdf")
async def result_record_pdf(round_id: FromPath[int]) -> Response[bytes]:
    """The proces-verbaal of the certificate in force."""
    certificate, _ballots = await _certified(round_id)
    outcome = await queries.outcome_of(certificate.result_id)
    pdf = record.record_pdf(
        certificate.body,
        certificate.sha256,
        certificate.audit_head,
        outcome,
        certificate.signature,
    )
    return _download(pdf, "application/pdf", "record.pdf")


@get("/uitslag/controleren", name="result_verify")
async def result_verify(ronde: FromQuery[int] = 0) -> Template:
    """The public recount page: upload the two files, or check a round's stored export."""
    return page("results/verify.html", round_id=ronde, verdict=None, error="")


async def _upload(request: WebRequest, name: str) -> str | None:
    form = await request.form()
    item = form.get(name)
    if not isinstance(item, UploadFile) or not item.filename:
        return None
    raw = await item.read()
    if len(raw) > MAX_UPLOAD:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _verify_page(
    status: int, error: str = "", verdict: Verdict | None = None, round_id: int = 0
) -> Template:
    return page(
        "results/verify.html", status=status, round_id=round_id, verdict=verdict, error=error
    )


@post("/uitslag/controleren", name="result_verify_check")
async def result_verify_check(request: WebRequest) -> Template:
    """Recount the uploaded (or stored) export in a limited worker and compare it, signature
    included, with the certificate; the municipality's key is this server's."""
    data = await form_data(request)
    round_id = int(data["round_id"]) if data.get("round_id", "").isdigit() else 0
    if round_id:
        found = await queries.certified_export(round_id)
        if found is None:
            return _verify_page(404, _("This round has no certified result."))
        ballots, certificate = found[1], found[0].published()
    else:
        ballots = await _upload(request, "ballots") or ""
        certificate = await _upload(request, "certificate") or ""
        if not ballots or not certificate:
            return _verify_page(
                400, _("Choose both files: ballots.pb and certificate.json (UTF-8).")
            )
        try:
            read_certificate(certificate)
        except ExportError:
            return _verify_page(
                400,
                _(
                    "The certificate file cannot be read: it is not a Wijkstem certificate "
                    "(JSON with a body of the right form). Choose certificate.json from the export."
                ),
            )
    key = signing.public_pem(signing.private_key().public_key())
    try:
        verdict = await recount.recount(ballots, certificate, key)
    except recount.Busy:
        return _verify_page(
            429, _("Two recounts are running already. Try again in a minute."), round_id=round_id
        )
    except recount.Stopped:
        return _verify_page(
            400,
            _("These files could not be recounted within the time and memory a recount gets."),
            round_id=round_id,
        )
    if verdict.unreadable:
        return _verify_page(
            400, _("The ballot file cannot be read: {reason}").format(reason=verdict.reason)
        )
    return _verify_page(200, verdict=verdict, round_id=round_id)


@get("/uitslag/sleutel", name="result_public_key")
async def result_public_key() -> Response[bytes]:
    """The municipality's public key (PEM) that checks every certificate's signature."""
    key = signing.private_key().public_key()
    text = f"{signing.public_pem(key)}# key id: {signing.key_id(key)}\n"
    return Response(
        content=text.encode("ascii"),
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="wijkstem-public-key.pem"'},
    )


ROUTES = [
    result,
    result_count,
    result_correct,
    result_approve,
    result_reject,
    result_export_ballots,
    result_export_certificate,
    result_record_pdf,
    result_verify,
    result_verify_check,
    result_public_key,
]
