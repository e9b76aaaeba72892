"""The mail outbox: a message is a row written in the caller's transaction, sent by a job.

Each message is delivered by its own `mail.send` job with retries and back-off. A message
written while a job runs (an event's mail to followers) is keyed by that job and the
recipient, so a job that is run again after a crash mails nobody twice. Delivery is at most
once by itself: a message whose delivery was interrupted after the relay may have taken it
is marked "uncertain" and left to staff (see `deliver_job`).
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from datetime import UTC, datetime

import anyio
from piccolo.columns import Column
from piccolo.custom_types import Combinable

from app import events
from app.db import transaction
from app.jobs.queue import enqueue
from app.jobs.registry import JobView
from app.jobs.runner import current_job
from app.jobs.tables import OutgoingMail
from app.mail import DeliveryUncertain, compose, deliver, message_id
from app.runtime import current_settings

KIND = "mail.send"
LOG = logging.getLogger("wijkstem.mail")


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


class _Superseded(Exception):
    """Another runner took this message over meanwhile: this one must not send it."""


async def _update(mail_id: int, values: dict[Column | str, object], where: Combinable) -> bool:
    rows = (
        await OutgoingMail.update(values)
        .where((OutgoingMail.id == mail_id) & where)
        .returning(OutgoingMail.id)
    )
    return bool(rows)


async def _begin_try(mail_id: int) -> int | None:
    """Count a new try of a pending message; its number marks every later write as ours."""
    async with transaction():
        rows = (
            await OutgoingMail.update({OutgoingMail.attempts: OutgoingMail.attempts + 1})
            .where((OutgoingMail.id == mail_id) & (OutgoingMail.status == "pending"))
            .returning(OutgoingMail.attempts)
        )
    return int(rows[0]["attempts"]) if rows else None


async def _mark_sending(mail_id: int, attempt: int) -> None:
    """Commit "sending" just before the message itself goes out (the relay may keep it)."""
    mine = (OutgoingMail.status == "pending") & (OutgoingMail.attempts == attempt)
    async with transaction():
        if not await _update(mail_id, {OutgoingMail.status: "sending"}, mine):
            raise _Superseded()


async def _interrupted(mail_id: int) -> None:
    """A runner died between "sending" and its outcome: leave the message to staff."""
    note = "interrupted while the relay received it; it may have arrived"
    values: dict[Column | str, object] = {
        OutgoingMail.status: "uncertain",
        OutgoingMail.last_error: note,
    }
    await _update(mail_id, values, OutgoingMail.status == "sending")
    LOG.warning("mail %s: delivery interrupted, marked uncertain", mail_id)


async def deliver_job(job: JobView) -> None:
    """Send one outbox message at most once by itself; a definite failure is retried.

    The message is marked "sending" (committed) before the relay gets its text and "sent"
    after the relay's 250. A message found still "sending" was interrupted in between: the
    relay may or may not have it, so it is marked "uncertain" for staff (/beheer/post), who
    can send it again, instead of being sent a second time automatically.
    """
    mail_id = int(job.payload["mail"])
    row = await OutgoingMail.select().where(OutgoingMail.id == mail_id).first()
    if row is None or row["status"] not in ("pending", "sending"):
        return
    if row["status"] == "sending":
        await _interrupted(mail_id)
        return
    attempt = await _begin_try(mail_id)
    if attempt is None:
        return
    settings = current_settings()
    message = compose(settings, str(row["recipient"]), str(row["subject"]), str(row["body"]))
    message.replace_header("Message-ID", message_id(settings, mail_id))
    stamp = row["created_at"].strftime("%Y%m%dT%H%M%S%f")

    def before_data() -> None:
        anyio.from_thread.run(_mark_sending, mail_id, attempt)

    mine = OutgoingMail.attempts == attempt
    try:
        await anyio.to_thread.run_sync(
            deliver, settings, message, f"{stamp}-{mail_id:09d}", before_data
        )
    except _Superseded:
        return
    except DeliveryUncertain as exc:
        await _update(
            mail_id,
            {OutgoingMail.status: "uncertain", OutgoingMail.last_error: str(exc)[:1000]},
            mine & (OutgoingMail.status == "sending"),
        )
        return
    except (OSError, smtplib.SMTPException) as exc:  # the relay did not take it: try again
        await _update(
            mail_id,
            {
                OutgoingMail.status: "failed" if job.last_attempt else "pending",
                OutgoingMail.last_error: f"{type(exc).__name__}: {exc}"[:1000],
            },
            mine & OutgoingMail.status.is_in(["pending", "sending"]),
        )
        raise
    await _update(
        mail_id,
        {
            OutgoingMail.status: "sent",
            OutgoingMail.sent_at: datetime.now(UTC),
            OutgoingMail.last_error: "",
        },
        mine & OutgoingMail.status.is_in(["sending", "uncertain"]),
    )


async def event_job(job: JobView) -> None:
    """Run the handlers of a domain event that was recorded with the change that caused it."""
    await events.dispatch(str(job.payload["name"]), dict(job.payload["payload"]))


async def retry_mail(mail_id: int) -> bool:
    """Staff: send a failed or uncertain message again (a fresh job); False otherwise."""
    async with transaction():
        rows = (
            await OutgoingMail.update({OutgoingMail.status: "pending"})
            .where(
                (OutgoingMail.id == mail_id) & OutgoingMail.status.is_in(["failed", "uncertain"])
            )
            .returning(OutgoingMail.id)
        )
        if not rows:
            return False
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        await enqueue(KIND, {"mail": mail_id}, key=f"mail:{mail_id}:retry:{stamp}", max_attempts=8)
    return True
