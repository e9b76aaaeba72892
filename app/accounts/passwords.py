"""Password hashing with argon2id, run in worker threads with a cap on concurrent hashes."""

from __future__ import annotations

from functools import cache

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.i18n import _
from app.settings import get_settings

# At most this many hashes run at once; each default hash takes ~64 MiB and ~300 ms.
_LIMITER = anyio.CapacityLimiter(4)

MIN_LENGTH = 10
MAX_LENGTH = 256


def _hasher() -> PasswordHasher:
    if get_settings().argon2_profile == "test":
        # Cheap profile for the test suite only; refused in production by the settings.
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()  # argon2id, 64 MiB, t=3, p=4 (above the OWASP floor)


_HASHER = _hasher()


@cache
def _dummy_hash() -> str:
    """A real hash to verify against when the account does not exist, so timing does not tell.

    Made on first use (in a worker thread), not at import: a full hash costs ~300 ms.
    """
    return _HASHER.hash("wijkstem-dummy-password")


async def hash_password(password: str) -> str:
    """Hash a password off the event loop."""
    return await anyio.to_thread.run_sync(_HASHER.hash, password, limiter=_LIMITER)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    """Check a password off the event loop; an unknown account costs the same time."""
    ok = await anyio.to_thread.run_sync(_verify, stored, password, limiter=_LIMITER)
    return ok and stored is not None


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with other parameters than the current ones."""
    return _HASHER.check_needs_rehash(stored)


def password_problems(password: str) -> list[str]:
    """Plain-language reasons a new password is refused (empty when acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("The password must be at least 10 characters long."))
    if len(password) > MAX_LENGTH:
        problems.append(_("The password may be at most 256 characters long."))
    return problems
