"""Use cases of the audit chain: append an event inside the caller's transaction, verify all."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import UTC, datetime

from app.audit import chain
from app.audit.tables import AuditEvent
from app.db import is_sqlite

_FORBIDDEN_KEYS = {"password", "token", "code", "ballot", "choices", "secret"}


def _check_payload(payload: Mapping[str, object]) -> None:
    leaked = _FORBIDDEN_KEYS & {key.lower() for key in payload}
    if leaked:
        raise ValueError(f"audit payload may not hold {sorted(leaked)}")


async def append_event(
    actor: str, action: str, subject: str, payload: Mapping[str, object] | None = None
) -> str:
    """Append one event after the current head; call inside the use case's transaction.

    On PostgreSQL an advisory transaction lock serialises appenders; on SQLite the
    IMMEDIATE write transaction already does. Returns the new head hash.
    """
    body = dict(payload or {})
    _check_payload(body)
    created_at = datetime.now(UTC).isoformat(timespec="microseconds")
    link = chain.next_link(await current_head(), created_at, actor, action, subject, body)
    await AuditEvent.insert(AuditEvent(**dataclasses.asdict(link)))
    return link.hash


async def current_head() -> tuple[int, str]:
    """Inside a write transaction: the head's (height, hash), locked like an append would."""
    if not is_sqlite():
        await AuditEvent.raw(f"SELECT pg_advisory_xact_lock({chain.APPEND_LOCK})")
    head = (
        await AuditEvent.select(AuditEvent.height, AuditEvent.hash)
        .order_by(AuditEvent.height, ascending=False)
        .first()
    )
    return (0, chain.GENESIS_HASH) if head is None else (int(head["height"]), str(head["hash"]))


def _to_event(row: Mapping[str, object]) -> chain.Event:
    return chain.Event(
        height=int(str(row["height"])),
        parent_hash=str(row["parent_hash"]),
        created_at=str(row["created_at"]),
        actor=str(row["actor"]),
        action=str(row["action"]),
        subject=str(row["subject"]),
        payload=json.loads(str(row["payload"])),
        payload_hash=str(row["payload_hash"]),
        hash=str(row["hash"]),
    )


async def anchor_problems() -> list[str]:
    """Every way the stored chain fails the points that signed records name."""
    rows = await AuditEvent.select(AuditEvent.height, AuditEvent.hash)
    return chain.check_anchors(
        {int(row["height"]): str(row["hash"]) for row in rows}, await _anchors()
    )


async def _anchors() -> list[chain.Anchor]:
    """The chain points that modules' signed records name (e.g. certificates)."""
    from app.modules import load_modules

    found: list[chain.Anchor] = []
    for module in load_modules():
        if module.audit_anchors is not None:
            found.extend(await module.audit_anchors())
    return found


async def verify_chain(expect_head: str | None = None) -> chain.Verdict:
    """Recompute the whole stored chain in height order.

    An edited, reordered or deleted event breaks a link. Deleting the newest events leaves
    a shorter valid chain: an auditor who noted an earlier head hash passes it as
    `expect_head`, and the verdict fails when that event is no longer in the chain.
    """
    rows = await AuditEvent.select().order_by(AuditEvent.height)
    verdict = chain.verify(_to_event(row) for row in rows)
    if verdict.ok:
        problems = chain.check_anchors(
            {int(row["height"]): str(row["hash"]) for row in rows}, await _anchors()
        )
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            reason = "; ".join(problems[:3]) + more
            return chain.Verdict(False, verdict.length, verdict.head_hash, None, reason)
    if verdict.ok and expect_head and expect_head not in {str(row["hash"]) for row in rows}:
        return chain.Verdict(
            False,
            verdict.length,
            verdict.head_hash,
            None,
            f"the noted head {expect_head} is no longer in the chain: events were removed",
        )
    return verdict
