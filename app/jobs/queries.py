"""What others may read of the runner: queue depth and age, the outbox, failed mail, heartbeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.jobs.tables import Job, OutgoingMail, RunnerBeat
from app.mail import message_id
from app.runtime import current_settings


@dataclass(frozen=True)
class QueueFacts:
    """The job queue and the outbox at one moment."""

    queued: int
    running: int
    failed: int
    oldest_queued_seconds: float
    outbox_pending: int
    outbox_failed: int
    outbox_uncertain: int
    last_beat_seconds: float | None


@dataclass(frozen=True)
class FailedMail:
    """A message that failed, is waiting for a retry, or may not have arrived ("uncertain")."""

    id: int
    recipient: str
    subject: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    message_id: str


async def _count(where: object) -> int:
    return int(await Job.count().where(where))  # type: ignore[arg-type]  # Piccolo types where() narrowly; any Combinable works


async def queue_facts(now: datetime | None = None) -> QueueFacts:
    """Depth and age of the queue, outbox size, and the newest runner heartbeat."""
    now = now or datetime.now(UTC)
    oldest = await Job.select(Job.created_at).where(Job.status == "queued").order_by(Job.id).first()
    beat = (
        await RunnerBeat.select(RunnerBeat.beat_at)
        .order_by(RunnerBeat.beat_at, ascending=False)
        .first()
    )
    return QueueFacts(
        queued=await _count(Job.status == "queued"),
        running=await _count(Job.status == "running"),
        failed=await _count(Job.status == "failed"),
        oldest_queued_seconds=0.0
        if oldest is None
        else max(0.0, (now - oldest["created_at"]).total_seconds()),
        outbox_pending=int(await OutgoingMail.count().where(OutgoingMail.status == "pending")),
        outbox_failed=int(await OutgoingMail.count().where(OutgoingMail.status == "failed")),
        outbox_uncertain=int(await OutgoingMail.count().where(OutgoingMail.status == "uncertain")),
        last_beat_seconds=None if beat is None else (now - beat["beat_at"]).total_seconds(),
    )


async def last_beat_seconds(now: datetime | None = None) -> float | None:
    """Seconds since the newest runner heartbeat (None: no runner ever reported); one query."""
    now = now or datetime.now(UTC)
    beat = (
        await RunnerBeat.select(RunnerBeat.beat_at)
        .order_by(RunnerBeat.beat_at, ascending=False)
        .first()
    )
    return None if beat is None else (now - beat["beat_at"]).total_seconds()


async def troubled_mail(limit: int = 200) -> list[FailedMail]:
    """Failed and uncertain messages and those waiting for a retry, newest first."""
    settings = current_settings()
    rows = (
        await OutgoingMail.select(
            OutgoingMail.id,
            OutgoingMail.recipient,
            OutgoingMail.subject,
            OutgoingMail.status,
            OutgoingMail.attempts,
            OutgoingMail.last_error,
            OutgoingMail.created_at,
        )
        .where(
            OutgoingMail.status.is_in(["failed", "uncertain"])
            | ((OutgoingMail.status == "pending") & (OutgoingMail.attempts > 0))
        )
        .order_by(OutgoingMail.id, ascending=False)
        .limit(limit)
    )
    return [
        FailedMail(
            id=int(r["id"]),
            recipient=str(r["recipient"]),
            subject=str(r["subject"]),
            status=str(r["status"]),
            attempts=int(r["attempts"]),
            last_error=str(r["last_error"]),
            created_at=r["created_at"],
            message_id=message_id(settings, int(r["id"])),
        )
        for r in rows
    ]
