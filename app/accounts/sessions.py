"""Server-side sessions: random cookie tokens, stored hashed, with idle and absolute timeouts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from app.accounts.permissions import ANONYMOUS, Principal
from app.accounts.tables import RoleGrant, User, UserSession
from app.runtime import current_settings

COOKIE_NAME = "wijkstem_session"
_TOUCH_EVERY = timedelta(seconds=60)


def token_hash(token: str) -> str:
    """The stored form of a session or email token."""
    return hashlib.sha256(token.encode()).hexdigest()


async def create_session(user_id: int) -> str:
    """Start a new session (a fresh id, so logging in always rotates it); returns the token."""
    token = secrets.token_urlsafe(32)
    await UserSession.insert(UserSession(token_hash=token_hash(token), user=user_id))
    return token


async def end_session(token: str) -> None:
    """Log out one session."""
    await UserSession.delete().where(UserSession.token_hash == token_hash(token))


async def end_other_sessions(user_id: int, keep_token: str | None = None) -> None:
    """Log out every session of a user except, optionally, the current one."""
    query = UserSession.delete().where(UserSession.user == user_id)
    if keep_token:
        query = query.where(UserSession.token_hash != token_hash(keep_token))
    await query


async def principal_for(user_id: int) -> Principal:
    """Load a user and their grants as a Principal."""
    user = await User.select().where(User.id == user_id).first()
    if user is None:
        return ANONYMOUS
    grants = await RoleGrant.select(RoleGrant.role, RoleGrant.area_code).where(
        RoleGrant.user == user_id
    )
    return Principal(
        id=int(user["id"]),
        email=str(user["email"]),
        name=str(user["name"]),
        postcode=str(user["postcode"]),
        email_confirmed=bool(user["email_confirmed"]),
        grants=frozenset((str(g["role"]), str(g["area_code"])) for g in grants),
    )


async def load_session(token: str | None, now: datetime | None = None) -> Principal:
    """The user behind a session cookie, or anonymous when absent, unknown or expired."""
    if not token or len(token) > 100:
        return ANONYMOUS
    settings = current_settings()
    now = now or datetime.now(UTC)
    row = await UserSession.select().where(UserSession.token_hash == token_hash(token)).first()
    if row is None:
        return ANONYMOUS
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_absolute_hours)
    if now - row["last_seen_at"] > idle or now - row["created_at"] > absolute:
        await UserSession.delete().where(UserSession.id == row["id"])
        return ANONYMOUS
    if now - row["last_seen_at"] > _TOUCH_EVERY:
        await UserSession.update({UserSession.last_seen_at: now}).where(UserSession.id == row["id"])
    return await principal_for(int(row["user"]))
