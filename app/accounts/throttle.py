"""Password throttles: exponential back-off per (account, address) and per address.

An attempt is recorded before the password is checked, in one serialised transaction, so
parallel guesses all count. Nothing ever locks an account as such: an owner at another
address is never slowed down by someone else's guesses, and a back-off ends by itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.accounts.tables import LoginFailure
from app.db import is_sqlite, transaction

WINDOW = timedelta(hours=1)
FREE_PER_PAIR = 5
FREE_PER_ADDRESS = 30
BASE_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)


def clock() -> datetime:
    """The time attempts are recorded at (tests replace it to step time by hand)."""
    return datetime.now(UTC)


def pair_key(subject: str, address: str) -> str:
    """The key of one account (or e-mail) tried from one address; the same shape for all."""
    digest = hashlib.sha256(f"{subject}\0{address}".encode()).hexdigest()
    return f"pair:{digest[:48]}"


def address_key(address: str) -> str:
    """The key of a client address across every account."""
    return f"ip:{address[:290]}"


def delay(failures: int, free: int) -> timedelta:
    """How long to wait after the last failure: nothing for the free tries, then doubling."""
    if failures < free:
        return timedelta(0)
    factor: int = 2 ** min(failures - free, 20)
    return min(MAX_DELAY, BASE_DELAY * factor)


@dataclass(frozen=True)
class Attempt:
    """A recorded attempt: forget it when the password turns out right."""

    subject: str
    address: str
    at: datetime


async def _backing_off(key: str, free: int, now: datetime) -> bool:
    rows = await LoginFailure.select(LoginFailure.at).where(
        LoginFailure.key == key, LoginFailure.at > now - WINDOW
    )
    if len(rows) < free:
        return False
    last = max(row["at"] for row in rows)
    return bool(now < last + delay(len(rows), free))


async def _serialise(keys: list[str]) -> None:
    # SQLite's IMMEDIATE transaction already serialises writers; PostgreSQL needs a lock.
    if not is_sqlite():
        for key in sorted(keys):
            await LoginFailure.raw("SELECT pg_advisory_xact_lock(hashtext({}))", key)


async def begin(
    subject: str, address: str, now: datetime | None = None, per_address: bool = True
) -> Attempt | None:
    """Record an attempt for `subject` from `address`; None (nothing recorded) while backing off.

    `per_address=False` counts only the pair (registrations and reset mails, which must not
    slow down the logins of others behind the same address).
    """
    now = now or clock()
    keys = [(pair_key(subject, address), FREE_PER_PAIR)]
    if per_address:
        keys.append((address_key(address), FREE_PER_ADDRESS))
    async with transaction():
        await _serialise([key for key, _free in keys])
        for key, free in keys:
            if await _backing_off(key, free, now):
                return None
        await LoginFailure.delete().where(LoginFailure.at < now - WINDOW)
        await LoginFailure.insert(*(LoginFailure(key=key, at=now) for key, _free in keys))
    return Attempt(subject, address, now)


async def succeeded(attempt: Attempt) -> None:
    """The password was right: forget this pair's failures and this attempt's address count.

    Call inside the caller's transaction.
    """
    pair = pair_key(attempt.subject, attempt.address)
    await LoginFailure.delete().where(LoginFailure.key == pair)
    row = (
        await LoginFailure.select(LoginFailure.id)
        .where(LoginFailure.key == address_key(attempt.address), LoginFailure.at == attempt.at)
        .first()
    )
    if row is not None:
        await LoginFailure.delete().where(LoginFailure.id == row["id"])


REGISTER = "register"  # the subject of new registrations from one address


def reset_subject(email: str) -> str:
    """The throttle subject of reset mails to one address (against mail bombing)."""
    return f"reset:{email[:254]}"


def account_subject(email: str) -> str:
    """The throttle subject of a login by e-mail (known or not, so both look the same)."""
    return f"email:{email[:254]}"


def user_subject(user_id: int) -> str:
    """The throttle subject of a signed-in user entering their password again."""
    return f"user:{user_id}"
