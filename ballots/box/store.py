"""The one durable write path of sealed ballots: casts, changes and paper batches.

It runs on a kept-open connection (SQLite: a writer thread with group commit; PostgreSQL: the
asyncpg pool). Every sealed ballot, whatever its channel, is inserted by one function per engine.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from app.audit import chain
from app.runtime import current_settings

CAST = "cast"
ALREADY_VOTED = "already_voted"
CODE_REFUSED = "code_refused"
CLOSED = "closed"
NOT_ELIGIBLE = "not_eligible"
TOKEN_UNKNOWN = "token_unknown"  # noqa: S105  (an outcome name, not a secret)
# Outcomes of a paper batch only.
BATCH_MISSING = "batch_missing"
BATCH_DONE = "batch_done"
BATCH_CHANGED = "batch_changed"
SAME_STAFF = "same_staff"


@dataclass(frozen=True)
class NewBallot:
    """A sealed ballot to store: random id, the sealed text and its hash, token hash, channel.

    The plaintext choices never reach the store: they are sealed in the request's memory.
    """

    ballot_id: str
    sealed: str
    sealed_hash: str
    token_hash: str
    channel: str


@dataclass(frozen=True)
class CastJob:
    """One cast (or, with `replaces`, one change) for the store to commit."""

    round_id: int
    voter_key: str
    code_hash: str | None
    buurt_code: str
    voted_on: date
    ballot: NewBallot
    now: datetime
    replaces: str | None = None  # the current ballot's token hash, for a change


@dataclass(frozen=True)
class BatchVoter:
    """A voter of a paper batch: the one-vote key, the code to check ('' for desk), the buurt."""

    voter_key: str
    code_hash: str
    buurt_code: str
    voted_on: date


@dataclass(frozen=True)
class BatchJob:
    """A confirmed paper batch: all of it is stored in one transaction, or none of it.

    The ballots are sealed already and hold no voter; the voters hold no ballot.
    """

    round_id: int
    batch_id: int
    staff_id: int
    voters: tuple[BatchVoter, ...]
    ballots: tuple[NewBallot, ...]
    now: datetime


# The audit event's columns, quoted, for the backends' INSERT.
AUDIT_COLUMNS = ", ".join(f'"{column}"' for column in chain.COLUMNS)

# The chain's head, which the backends read under the append lock (see `app.audit.services`).
AUDIT_HEAD = 'SELECT "height", "hash" FROM "audit_event" ORDER BY "height" DESC LIMIT 1'


def batch_event(job: BatchJob, head: tuple[int, str] | None) -> chain.Link:
    """The `paper_batch.confirmed` event after the chain's head, as `append_event` makes it."""
    return chain.next_link(
        head,
        job.now.astimezone(UTC).isoformat(timespec="microseconds"),
        f"user:{job.staff_id}",
        "paper_batch.confirmed",
        f"round:{job.round_id}",
        {"batch": job.batch_id, "ballots": len(job.ballots)},
    )


@dataclass(frozen=True)
class Stored:
    """What the store did: an outcome constant, and the sealed hash when a ballot was stored."""

    outcome: str
    sealed_hash: str = ""


@dataclass(frozen=True)
class CodeRow:
    """A voting code as the hot path needs it."""

    id: int
    round_id: int
    status: str
    buurt_code: str


@dataclass(frozen=True)
class RoundClock:
    """The fields that decide whether voting is open."""

    phase: str
    voting_starts: datetime | None
    counting_starts: datetime | None


class Backend(Protocol):
    """What both engines provide."""

    def alive(self) -> bool:
        """Whether this store belongs to the current process and can still be used."""

    async def submit(self, job: CastJob) -> Stored:
        """Commit one cast or change durably; the outcome says what happened."""

    async def submit_batch(self, job: BatchJob) -> Stored:
        """Commit a whole paper batch in one transaction, or nothing; the outcome says which."""

    async def find_code(self, code_hash: str, voter_key: str) -> CodeRow | None:
        """One indexed lookup of a code hash; status 'used' when its voter key took part."""

    async def recent_failures(self, key: str, since: datetime) -> int:
        """How many wrong codes a client address typed since a moment."""

    async def has_participation(self, round_id: int, voter_key: str) -> bool:
        """Whether a voter key took part in a round."""

    async def active_token(self, round_id: int, token_hash: str) -> bool:
        """Whether a replacement token belongs to an active ballot of the round."""


def utc(value: object) -> datetime | None:
    """A stored timestamp (datetime, or SQLite text) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_backend: Backend | None = None
_lock = asyncio.Lock()


async def backend() -> Backend:
    """The process's store, opened on first use (and again after a fork)."""
    global _backend
    if _backend is not None and _backend.alive():
        return _backend
    async with _lock:
        if _backend is None or not _backend.alive():
            settings = current_settings()
            if settings.is_postgres:
                from ballots.box.store_pg import PostgresStore

                _backend = await PostgresStore.open()
            else:
                from ballots.box.store_sqlite import SqliteStore

                _backend = SqliteStore(settings.sqlite_path)
    return _backend
