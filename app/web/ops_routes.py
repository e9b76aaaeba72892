"""Operations endpoints: `/metrics` for Prometheus (behind a token) and `/health`."""

from __future__ import annotations

import hmac

from litestar import Response, get
from litestar.exceptions import NotFoundException

from app.jobs import queries as job_queries
from app.runtime import current_settings
from app.web.observability import gauge_lines, request_metrics
from app.web.types import WebRequest

STALE_RUNNER_SECONDS = 120


def _authorised(request: WebRequest) -> bool:
    token = current_settings().metrics_token
    if not token:
        raise NotFoundException()
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), token.encode())


@get("/metrics", name="metrics", media_type="text/plain; version=0.0.4")
async def metrics(request: WebRequest) -> Response[bytes]:
    """Requests by route and status, casts, the job queue and the mail outbox."""
    if not _authorised(request):
        refusal = b"Give the metrics token as 'Authorization: Bearer <token>'.\n"
        return Response(refusal, status_code=401, media_type="text/plain; charset=utf-8")
    facts = await job_queries.queue_facts()
    text = "".join(
        [
            gauge_lines("wijkstem_jobs_queued", "Jobs waiting to run", facts.queued),
            gauge_lines("wijkstem_jobs_running", "Jobs being run", facts.running),
            gauge_lines("wijkstem_jobs_failed", "Jobs that failed for good", facts.failed),
            gauge_lines(
                "wijkstem_jobs_oldest_queued_seconds",
                "Age of the oldest waiting job",
                facts.oldest_queued_seconds,
            ),
            gauge_lines("wijkstem_mail_outbox_pending", "Mail not yet sent", facts.outbox_pending),
            gauge_lines("wijkstem_mail_outbox_failed", "Mail that failed", facts.outbox_failed),
            gauge_lines(
                "wijkstem_mail_outbox_uncertain",
                "Mail whose delivery was interrupted (it may have arrived; staff decide)",
                facts.outbox_uncertain,
            ),
            gauge_lines(
                "wijkstem_runner_heartbeat_age_seconds",
                "Seconds since a job runner last reported (-1: never)",
                -1 if facts.last_beat_seconds is None else facts.last_beat_seconds,
            ),
        ]
    )
    body = request_metrics() + text.encode()
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


@get("/health", name="health", media_type="application/json")
async def health() -> Response[dict[str, str]]:
    """The database answers and a job runner reported recently (503 in production if not)."""
    age = await job_queries.last_beat_seconds()  # one query: the database answers
    runner = "none" if age is None else ("ok" if age < STALE_RUNNER_SECONDS else "stale")
    ok = runner == "ok" or not current_settings().production
    body = {"status": "ok" if ok else "degraded", "database": "ok", "runner": runner}
    return Response(body, status_code=200 if ok else 503)


ROUTES = [metrics, health]
