"""Read-only questions other modules and pages ask of the audit chain."""

from __future__ import annotations

from typing import Any

from app.audit.chain import GENESIS_HASH
from app.audit.tables import AuditEvent


async def head_hash() -> str:
    """The hash of the newest event (the genesis hash when the chain is empty)."""
    head = (
        await AuditEvent.select(AuditEvent.hash)
        .order_by(AuditEvent.height, ascending=False)
        .first()
    )
    return GENESIS_HASH if head is None else str(head["hash"])


async def latest_events(limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """The newest events first, for the public audit page."""
    return await (
        AuditEvent.select().order_by(AuditEvent.height, ascending=False).limit(limit).offset(offset)
    )


async def count_events() -> int:
    """How many events the chain holds."""
    return int(await AuditEvent.count())


async def events_for_subject(subject: str) -> list[dict[str, Any]]:
    """Every event about one subject (e.g. 'round:12'), oldest first."""
    return await (
        AuditEvent.select().where(AuditEvent.subject == subject).order_by(AuditEvent.height)
    )


async def subjects_of_action(action: str) -> list[str]:
    """The subjects of every event with one action (e.g. every deleted account)."""
    rows = await AuditEvent.select(AuditEvent.subject).where(AuditEvent.action == action)
    return [str(row["subject"]) for row in rows]
