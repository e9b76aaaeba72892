"""Putting work on the queue: one call inside the caller's transaction (or its own)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from app.db import transaction
from app.jobs.tables import Job
from app.jsontypes import JSONObject

_wake = asyncio.Event()


def wake_event() -> asyncio.Event:
    """Set when work is queued in this process, so an in-process runner looks at once."""
    return _wake


async def enqueue(
    kind: str,
    payload: JSONObject | None = None,
    *,
    key: str | None = None,
    delay_seconds: float = 0.0,
    max_attempts: int = 6,
) -> int | None:
    """Queue a job; joins the caller's transaction. A repeated `key` queues nothing (None)."""
    row = Job(
        kind=kind,
        payload=json.dumps(payload or {}, sort_keys=True, separators=(",", ":")),
        key=key[:200] if key else None,
        max_attempts=max_attempts,
        run_after=datetime.now(UTC) + timedelta(seconds=delay_seconds),
    )
    async with transaction():
        rows = (
            await Job.insert(row).on_conflict(target=Job.key, action="DO NOTHING").returning(Job.id)
        )
    _wake.set()
    return int(rows[0]["id"]) if rows else None
