"""Password hashing with argon2id, run in worker threads with a cap on concurrent hashes."""

from __future__ import annotations

from functools import lru_cache

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.i18n import _
from app.runtime import current

# At most this many hashes run at once; each default hash takes ~64 MiB and ~300 ms.
_LIMITER = anyio.CapacityLimiter(4)

MIN_LENGTH = 10
MAX_LENGTH = 256


def _hasher() -> PasswordHasher:
    """The hasher the current application built from its settings (app.runtime)."""
    return current().hasher


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A real hash to verify against when the account does not exist, so timing does not tell.

    Made on first use (in a worker thread), not at import: a full hash costs ~300 ms.
    """
    return hasher.hash("wijkstem-dummy-password")


async def hash_password(password: str) -> str:
    """Hash a password off the event loop."""
    return await anyio.to_thread.run_sync(_hasher().hash, password, limiter=_LIMITER)


def _verify(hasher: PasswordHasher, stored: str | None, password: str) -> bool:
    try:
        return hasher.verify(stored or _dummy_hash(hasher), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    """Check a password off the event loop; an unknown account costs the same time."""
    ok = await anyio.to_thread.run_sync(_verify, _hasher(), stored, password, limiter=_LIMITER)
    return ok and stored is not None


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with other parameters than the current ones."""
    return _hasher().check_needs_rehash(stored)


def password_problems(password: str) -> list[str]:
    """Plain-language reasons a new password is refused (empty when acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("The password must be at least 10 characters long."))
    if len(password) > MAX_LENGTH:
        problems.append(_("The password may be at most 256 characters long."))
    return problems
