"""The mail outbox: a message is a row written in the caller's transaction, sent by a job.

Each message is delivered by its own `mail.send` job with retries and back-off. A message
written while a job runs (an event's mail to followers) is keyed by that job and the
recipient, so a job that is run again after a crash mails nobody twice.
"""

from __future__ import annotations

import hashlib
import smtplib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import anyio

from app import events
from app.db import transaction
from app.jobs.queue import enqueue
from app.jobs.registry import JobView
from app.jobs.runner import current_job
from app.jobs.tables import OutgoingMail
from app.runtime import current

KIND = "mail.send"


def _job_key(to: str, subject: str) -> str | None:
    job = current_job.get()
    if job is None:
        return None
    digest = hashlib.sha256(f"{to.lower()}\n{subject}".encode()).hexdigest()[:32]
    return f"job:{job}:{digest}"


async def enqueue_mail(to: str, subject: str, body: str, *, key: str | None = None) -> int | None:
    """Put a message in the outbox, in the caller's transaction; None if `key` was used before."""
    key = key or _job_key(to, subject)
    async with transaction():
        rows = (
            await OutgoingMail.insert(
                OutgoingMail(recipient=to[:320], subject=subject[:300], body=body, key=key)
            )
            .on_conflict(target=OutgoingMail.key, action="DO NOTHING")
            .returning(OutgoingMail.id)
        )
        if not rows:
            return None
        mail_id = int(rows[0]["id"])
        await enqueue(KIND, {"mail": mail_id}, key=f"mail:{mail_id}", max_attempts=8)
    return mail_id


async def _record(mail_id: int, values: dict[Any, Any]) -> None:
    values[OutgoingMail.attempts] = OutgoingMail.attempts + 1
    await OutgoingMail.update(values).where(OutgoingMail.id == mail_id)


async def deliver_job(job: JobView) -> None:
    """Send one outbox message (once: a sent message is skipped); a failure is retried."""
    mail_id = int(job.payload["mail"])
    row = await OutgoingMail.select().where(OutgoingMail.id == mail_id).first()
    if row is None or row["status"] == "sent":
        return
    runtime = current()
    settings = runtime.settings
    message = runtime.mailer.compose(str(row["recipient"]), str(row["subject"]), str(row["body"]))
    message.replace_header(
        "Message-ID",
        f"<wijkstem-{mail_id}@{urlparse(settings.base_url).hostname or 'wijkstem.local'}>",
    )
    stamp = row["created_at"].strftime("%Y%m%dT%H%M%S%f")
    try:
        await anyio.to_thread.run_sync(runtime.mailer.deliver, message, f"{stamp}-{mail_id:09d}")
    except (OSError, smtplib.SMTPException) as exc:
        status = "failed" if job.last_attempt else "pending"
        error = f"{type(exc).__name__}: {exc}"[:1000]
        await _record(mail_id, {OutgoingMail.status: status, OutgoingMail.last_error: error})
        raise
    await _record(
        mail_id,
        {
            OutgoingMail.status: "sent",
            OutgoingMail.sent_at: datetime.now(UTC),
            OutgoingMail.last_error: "",
        },
    )


async def event_job(job: JobView) -> None:
    """Run the handlers of a domain event that was recorded with the change that caused it."""
    await events.dispatch(str(job.payload["name"]), dict(job.payload["payload"]))


async def retry_mail(mail_id: int) -> bool:
    """Staff: send a failed message again (a fresh job); False when it is not failed."""
    async with transaction():
        rows = (
            await OutgoingMail.update({OutgoingMail.status: "pending"})
            .where((OutgoingMail.id == mail_id) & (OutgoingMail.status == "failed"))
            .returning(OutgoingMail.id)
        )
        if not rows:
            return False
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        await enqueue(KIND, {"mail": mail_id}, key=f"mail:{mail_id}:retry:{stamp}", max_attempts=8)
    return True
