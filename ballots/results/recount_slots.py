"""Site-wide places for public recounts: lease rows in the database, shared by every worker.

A recount takes a free slot with one conditional UPDATE (atomic on SQLite and PostgreSQL), so
at most `count` recounts run at once across all web processes and machines; a slot whose holder
died is free again once its lease runs out.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from ballots.results.tables import RecountSlot


async def _ensure(count: int) -> None:
    have = {int(row["slot"]) for row in await RecountSlot.select(RecountSlot.slot)}
    for slot in range(count):
        if slot not in have:
            await RecountSlot.insert(RecountSlot(slot=slot)).on_conflict(
                target=RecountSlot.slot, action="DO NOTHING"
            )


async def acquire(count: int, lease: timedelta, now: datetime | None = None) -> str | None:
    """Take one of `count` slots for `lease`; its token, or None when every slot is held."""
    await _ensure(count)
    moment = now or datetime.now(UTC)
    token = secrets.token_hex(16)
    for slot in range(count):
        free = RecountSlot.lease_until.is_null() | (RecountSlot.lease_until < moment)
        taken = (
            await RecountSlot.update(
                {RecountSlot.holder: token, RecountSlot.lease_until: moment + lease}
            )
            .where((RecountSlot.slot == slot) & free)
            .returning(RecountSlot.id)
        )
        if taken:
            return token
    return None


async def release(token: str) -> None:
    """Give the slot of `token` back (nothing when its lease was taken over meanwhile)."""
    await RecountSlot.update({RecountSlot.holder: "", RecountSlot.lease_until: None}).where(
        RecountSlot.holder == token
    )


async def held(now: datetime | None = None) -> int:
    """How many slots are held now."""
    moment = now or datetime.now(UTC)
    return int(
        await RecountSlot.count().where(
            RecountSlot.lease_until.is_not_null() & (RecountSlot.lease_until >= moment)
        )
    )
