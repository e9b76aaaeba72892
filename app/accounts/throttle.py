"""The login throttle: failures counted per account and per client address over a window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.accounts.tables import LoginFailure

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 20


def account_key(email: str) -> str:
    """The failure key of an account (whether or not it exists, so both look the same)."""
    return f"email:{email[:290]}"


def address_key(address: str) -> str:
    """The failure key of a client address."""
    return f"ip:{address[:290]}"


async def _recent(key: str, now: datetime) -> int:
    return int(
        await LoginFailure.count().where(LoginFailure.key == key, LoginFailure.at > now - WINDOW)
    )


async def is_throttled(email: str, address: str, now: datetime | None = None) -> bool:
    """Whether too many recent failures block a login attempt for this account or address."""
    now = now or datetime.now(UTC)
    return (
        await _recent(account_key(email), now) >= MAX_PER_ACCOUNT
        or await _recent(address_key(address), now) >= MAX_PER_ADDRESS
    )


async def record_failure(email: str, address: str, now: datetime | None = None) -> None:
    """Count one failed login against the account and the address; forget expired failures.

    Call inside the caller's transaction.
    """
    now = now or datetime.now(UTC)
    await LoginFailure.delete().where(LoginFailure.at < now - WINDOW)
    await LoginFailure.insert(
        LoginFailure(key=account_key(email), at=now),
        LoginFailure(key=address_key(address), at=now),
    )


async def clear_account(email: str) -> None:
    """Forget an account's failures after a successful login (the address count stays)."""
    await LoginFailure.delete().where(LoginFailure.key == account_key(email))
