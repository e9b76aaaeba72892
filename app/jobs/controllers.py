"""Staff page of mail that could not be delivered, with a button to send it again."""

from __future__ import annotations

from litestar import Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.jobs import outbox, queries
from app.web.helpers import error_page, page, redirect, staff_required, user_of
from app.web.types import WebRequest


@get("/beheer/post", name="failed_mail", guards=[staff_required])
async def failed_mail(melding: FromQuery[str] = "") -> Template:
    """Messages that failed (or are being retried), with the relay's last answer."""
    return page(
        "jobs/failed_mail.html",
        mails=await queries.troubled_mail(),
        facts=await queries.queue_facts(),
        notice=_("The message is queued again.") if melding == "opnieuw" else "",
    )


@post("/beheer/post/{mail_id:int}/opnieuw", name="retry_mail", guards=[staff_required])
async def retry_mail(request: WebRequest, mail_id: FromPath[int]) -> Response[bytes]:
    """Send a failed message again; audited."""
    async with transaction():
        if not await outbox.retry_mail(mail_id):
            return error_page(
                409, _("This message has not failed; there is nothing to send again.")
            )
        actor = f"user:{user_of(request).id}"
        await append_event(actor, "mail.retried", f"mail:{mail_id}", {"mail": mail_id})
    return redirect("/beheer/post?melding=opnieuw")


ROUTES = [failed_mail, retry_mail]
