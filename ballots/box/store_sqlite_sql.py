"""SQLite statements the ballot writer's transactions share, the one sealed-ballot INSERT first."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ballots.box import codes
from ballots.box.store import NewBallot, RoundClock, Stored, utc

BUSY_TIMEOUT_MS = 10_000
RETRY_SECONDS = 60.0  # a transaction that cannot get the write lock for this long fails

# synchronous=FULL: the WAL is fsynced at every commit, so a shown receipt survives even a
# power cut (NORMAL survives a killed process but may lose the last commits on power loss).
# Group commit makes the fsync per batch, not per ballot, so FULL costs little.
_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",  # deleted rows are overwritten, not left in free pages
    "PRAGMA journal_size_limit=0",  # a truncated WAL stays truncated
)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves) with the pragmas above."""
    conn = sqlite3.connect(
        str(path),
        isolation_level=None,
        check_same_thread=False,
        timeout=10,
        cached_statements=1024,  # the multi-row statements come in one form per batch size
    )
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    return conn


class Refused(Exception):
    """A job the store refuses, with its outcome; raised to undo the job's writes."""

    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def clock_of(conn: sqlite3.Connection, round_id: int) -> RoundClock | None:
    """The fields of a round that decide whether voting is open (None: no such round)."""
    row = conn.execute(
        'SELECT "phase", "voting_starts", "counting_starts" FROM "budget_round" WHERE "id" = ?',
        (round_id,),
    ).fetchone()
    return None if row is None else RoundClock(str(row[0]), utc(row[1]), utc(row[2]))


# Multi-row statements are built from these fixed placeholder groups only; every value is a
# bound parameter (hence the noqa: S608 below).
PARTICIPATION_ROW = "(?, ?, ?, ?, ?)"
BALLOT_ROW = "(?, ?, ?, ?, ?, 'active', ?)"  # a sealed ballot


def rows(group: str, count: int) -> str:
    """`count` placeholder groups, comma-separated."""
    return ", ".join([group] * count)


def insert_ballots(conn: sqlite3.Connection, pairs: Sequence[tuple[int, NewBallot]]) -> None:
    """The one INSERT of sealed ballots (cast, change and paper), as (round id, ballot) pairs.

    One statement for all rows; on a (very rare) clash of random ids, new ids are drawn.
    """
    ballots = list(pairs)
    for _ in range(5):
        params: list[object] = []
        for round_id, ballot in ballots:
            params += (ballot.ballot_id, round_id, ballot.sealed, ballot.sealed_hash)
            params += (ballot.channel, ballot.token_hash)
        try:
            conn.execute(
                'INSERT INTO "sealed_ballot" ("id", "round", "sealed", "sealed_hash", "channel", '  # noqa: S608
                f'"status", "token_hash") VALUES {rows(BALLOT_ROW, len(ballots))}',
                params,
            )
            return
        except sqlite3.IntegrityError as exc:
            if "sealed_ballot.id" not in str(exc):
                raise
            ballots = [(r, replace(b, ballot_id=codes.new_ballot_id())) for r, b in ballots]
    raise RuntimeError("could not draw a unique ballot id")


def retrying(
    conn: sqlite3.Connection,
    attempt: Callable[[bool], list[Stored | BaseException]],
    count: int,
) -> list[Stored | BaseException]:
    """Run one transaction again while the database is locked (up to RETRY_SECONDS)."""
    deadline = time.monotonic() + RETRY_SECONDS
    bulk = True
    while True:
        try:
            return attempt(bulk)
        except sqlite3.OperationalError as exc:  # locked/busy: try the whole batch again
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if time.monotonic() > deadline:
                return [exc for _ in range(count)]
            time.sleep(0.005)
        except BulkFailed:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            bulk = False


class BulkFailed(Exception):
    """The bulk path met something it does not handle; redo the batch job by job."""
