"""Registrations, postcode changes and password resets leave an audit event (issue 10).

A resident changed their postcode, voted in another area's round and changed it back without
a trace; the chain now holds each step (only the postcode digits, never a full address).
"""

from __future__ import annotations

from app.audit.tables import AuditEvent
from tests.support.web import unique_email


async def _events(user_id: int) -> list[tuple[str, str]]:
    rows = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.payload)
        .where(AuditEvent.subject == f"user:{user_id}")
        .order_by(AuditEvent.height)
    )
    return [(str(row["action"]), str(row["payload"])) for row in rows]


async def test_registration_postcode_changes_and_resets_are_audited() -> None:
    from app.accounts import credentials, queries, services, tokens
    from app.db import transaction

    email = unique_email("audited")
    assert (await services.register("Anna", email, "een lang wachtwoord 2026", "9742AB")).ok
    user_id = await queries.user_id_by_email(email)
    assert user_id is not None
    assert (await services.change_postcode(user_id, "9712CD")).ok
    assert (await services.change_postcode(user_id, "9742AB")).ok
    async with transaction():
        token = await tokens.issue(user_id, tokens.RESET)
    assert (await credentials.reset_password(token, "nog een lang wachtwoord 2026")).ok
    events = await _events(user_id)
    assert [action for action, _ in events] == [
        "account.register",
        "account.postcode",
        "account.postcode",
        "account.password_reset",
    ]
    assert '"from":"9742","to":"9712"' in events[1][1]
    assert all("AB" not in payload and "CD" not in payload for _, payload in events)
