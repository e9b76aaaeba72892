"""Single-use emailed link tokens (confirm email, reset password), stored only hashed."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from app.accounts.sessions import token_hash
from app.accounts.tables import EmailToken

CONFIRM = "confirm"
RESET = "reset"
LIFETIME = {CONFIRM: timedelta(hours=48), RESET: timedelta(hours=1)}
_MAX_TOKEN = 100


async def issue(user_id: int, purpose: str, now: datetime | None = None) -> str:
    """Create a token for a user, replacing their unused ones of the same purpose.

    Call inside the caller's transaction; returns the token to put in the link.
    """
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    await EmailToken.delete().where(EmailToken.user == user_id, EmailToken.purpose == purpose)
    await EmailToken.insert(
        EmailToken(
            token_hash=token_hash(token),
            user=user_id,
            purpose=purpose,
            expires_at=now + LIFETIME[purpose],
        )
    )
    return token


async def holder(token: str, purpose: str, now: datetime | None = None) -> int | None:
    """The user a valid (unused, unexpired) token belongs to, without using it up."""
    if not token or len(token) > _MAX_TOKEN:
        return None
    now = now or datetime.now(UTC)
    row = (
        await EmailToken.select(EmailToken.user)
        .where(
            EmailToken.token_hash == token_hash(token),
            EmailToken.purpose == purpose,
            EmailToken.used.eq(False),
            EmailToken.expires_at > now,
        )
        .first()
    )
    return None if row is None else int(row["user"])


async def consume(token: str, purpose: str, now: datetime | None = None) -> int | None:
    """Use a valid token up and return its user; None when invalid, expired or used.

    One conditional UPDATE, so two concurrent uses cannot both succeed.
    """
    if not token or len(token) > _MAX_TOKEN:
        return None
    now = now or datetime.now(UTC)
    rows = await (
        EmailToken.update({EmailToken.used: True})
        .where(
            EmailToken.token_hash == token_hash(token),
            EmailToken.purpose == purpose,
            EmailToken.used.eq(False),
            EmailToken.expires_at > now,
        )
        .returning(EmailToken.user)
    )
    return int(rows[0]["user"]) if rows else None
