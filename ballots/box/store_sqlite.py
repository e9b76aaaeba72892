"""SQLite store: one kept-open WAL connection per process, owned by a group-commit writer."""

from __future__ import annotations

import asyncio
import fcntl
import os
import queue
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

from ballots.box.rules import voting_open
from ballots.box.store import (
    ALREADY_VOTED,
    CAST,
    CLOSED,
    CODE_REFUSED,
    NOT_ELIGIBLE,
    TOKEN_UNKNOWN,
    BatchJob,
    CastJob,
    CodeRow,
    RoundClock,
    Stored,
)
from ballots.box.store_sqlite_paper import commit_paper
from ballots.box.store_sqlite_sql import (
    BUSY_TIMEOUT_MS,
    PARTICIPATION_ROW,
    BulkFailed,
    Refused,
    clock_of,
    connect,
    insert_ballots,
    retrying,
    rows,
)

MAX_BATCH = 256  # casts committed together (one fsync for all)
CHECKPOINT_WAIT_MS = 20
# A checkpoint with TRUNCATE after every group commit halves the write path's speed (measured:
# 1.5 to 2.4 times slower for batches of ten); after each burst it costs nothing under load,
# and SQLite's own checkpoints (journal_size_limit=0) keep the WAL short while a burst lasts.
IDLE_SECONDS = 0.05

_Job = CastJob | BatchJob
_Waiter = tuple[_Job, "asyncio.Future[Stored]", asyncio.AbstractEventLoop]


def apply(conn: sqlite3.Connection, job: CastJob) -> Stored:
    """The cast or change itself; raises Refused to undo its savepoint."""
    if job.replaces is None:
        try:
            conn.execute(
                'INSERT INTO "ballot_participation" ("round", "voter_key", "channel", '
                '"buurt_code", "voted_on") VALUES (?, ?, ?, ?, ?)',
                (
                    job.round_id,
                    job.voter_key,
                    job.ballot.channel,
                    job.buurt_code,
                    job.voted_on.isoformat(),
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise Refused(ALREADY_VOTED) from exc
        if job.code_hash is not None:  # read only: a cast never writes the letter's row
            issued = conn.execute(
                'SELECT 1 FROM "voting_code" WHERE "code_hash" = ? '
                'AND "round" = ? AND "status" = \'issued\'',
                (job.code_hash, job.round_id),
            ).fetchone()
            if issued is None:
                raise Refused(CODE_REFUSED)
    else:
        found = conn.execute(
            'SELECT 1 FROM "ballot_participation" WHERE "round" = ? AND "voter_key" = ?',
            (job.round_id, job.voter_key),
        ).fetchone()
        if found is None:
            raise Refused(NOT_ELIGIBLE)
        replaced = conn.execute(
            'UPDATE "sealed_ballot" SET "status" = \'superseded\', "token_hash" = \'\' '
            'WHERE "round" = ? AND "token_hash" = ? AND "status" = \'active\'',
            (job.round_id, job.replaces),
        )
        if replaced.rowcount != 1:
            raise Refused(TOKEN_UNKNOWN)
    insert_ballots(conn, [(job.round_id, job.ballot)])
    return Stored(CAST, job.ballot.sealed_hash)


def commit_batch(conn: sqlite3.Connection, jobs: list[CastJob]) -> list[Stored | BaseException]:
    """Commit a batch in one IMMEDIATE transaction.

    First casts go in bulk (a handful of statements for the whole batch, whatever its size);
    should anything unexpected fail there, the batch is redone with one savepoint per job.
    """
    return retrying(conn, lambda bulk: _attempt(conn, jobs, bulk), len(jobs))


def _attempt(
    conn: sqlite3.Connection, jobs: list[CastJob], bulk: bool = True
) -> list[Stored | BaseException]:
    results: list[Stored | BaseException | None] = [None] * len(jobs)
    clocks: dict[int, RoundClock | None] = {}
    conn.execute("BEGIN IMMEDIATE")
    casts: list[int] = []
    for index, job in enumerate(jobs):
        if job.round_id not in clocks:
            clocks[job.round_id] = clock_of(conn, job.round_id)
        clock = clocks[job.round_id]
        if clock is None or not voting_open(
            clock.phase, clock.voting_starts, clock.counting_starts, job.now
        ):
            results[index] = Stored(CLOSED)
        elif bulk and job.replaces is None:
            casts.append(index)
    if casts:
        try:
            _bulk_casts(conn, jobs, casts, results)
        except (sqlite3.OperationalError, BulkFailed):
            raise
        except Exception as exc:
            raise BulkFailed(str(exc)) from exc
    for index, job in enumerate(jobs):  # changes (and, job by job, everything else)
        if results[index] is not None:
            continue
        conn.execute("SAVEPOINT cast")
        try:
            results[index] = apply(conn, job)
            conn.execute("RELEASE cast")
        except Refused as refused:
            conn.execute("ROLLBACK TO cast")
            conn.execute("RELEASE cast")
            results[index] = Stored(refused.outcome)
        except sqlite3.OperationalError:
            raise
        except Exception as exc:  # one broken job must not sink the batch
            conn.execute("ROLLBACK TO cast")
            conn.execute("RELEASE cast")
            results[index] = exc
    conn.execute("COMMIT")
    return [result if result is not None else RuntimeError("not stored") for result in results]


def _bulk_casts(
    conn: sqlite3.Connection,
    jobs: list[CastJob],
    casts: list[int],
    results: list[Stored | BaseException | None],
) -> None:
    """First casts of a batch in three statements: participations, a check of the codes, and
    the sealed ballots.

    All or nothing: when every participation is new, every code still issued and every ballot
    id unique (the usual case), the batch is stored; any other case raises and the
    batch is redone job by job, where each refusal gets its own outcome. No RETURNING clause:
    each row it yields would hand the GIL back and forth with the event loop.
    """
    params: list[object] = []
    for index in casts:
        job = jobs[index]
        params += (job.round_id, job.voter_key, job.ballot.channel, job.buurt_code)
        params.append(job.voted_on.isoformat())
    inserted = conn.execute(
        'INSERT INTO "ballot_participation" ("round", "voter_key", "channel", "buurt_code", '  # noqa: S608
        f'"voted_on") VALUES {rows(PARTICIPATION_ROW, len(casts))} '
        'ON CONFLICT ("round", "voter_key") DO NOTHING',
        params,
    )
    if inserted.rowcount != len(casts):
        raise BulkFailed("a voter already took part")
    by_round: dict[int, list[str]] = {}
    for index in casts:
        code_hash = jobs[index].code_hash
        if code_hash is not None:
            by_round.setdefault(jobs[index].round_id, []).append(code_hash)
    for round_id, hashes in by_round.items():
        issued = conn.execute(
            # `+"round"`: look each code up by its unique hash, never scan the round's codes
            'SELECT count(*) FROM "voting_code" WHERE +"round" = ? '  # noqa: S608
            f'AND "status" = \'issued\' AND "code_hash" IN ({rows("?", len(hashes))})',
            [round_id, *hashes],
        ).fetchone()
        if issued[0] != len(hashes):
            raise BulkFailed("a code is no longer issued")
    insert_ballots(conn, [(jobs[index].round_id, jobs[index].ballot) for index in casts])
    for index in casts:
        results[index] = Stored(CAST, jobs[index].ballot.sealed_hash)


def commit_all(conn: sqlite3.Connection, jobs: list[_Job]) -> list[Stored | BaseException]:
    """The casts and changes in one group commit; each paper batch in its own transaction."""
    results: list[Stored | BaseException | None] = [None] * len(jobs)
    casts = [at for at, job in enumerate(jobs) if isinstance(job, CastJob)]
    if casts:
        cast_jobs = [job for job in jobs if isinstance(job, CastJob)]
        for at, result in zip(casts, commit_batch(conn, cast_jobs), strict=True):
            results[at] = result
    for at, job in enumerate(jobs):
        if isinstance(job, BatchJob):
            try:
                results[at] = commit_paper(conn, job)
            except Exception as exc:  # its own caller gets it; the casts are committed already
                results[at] = exc
    return [result if result is not None else RuntimeError("not stored") for result in results]


# A code is used when its voter key took part: a cast never writes the code's row.
_FIND_CODE = (
    'SELECT c."id", c."round", CASE WHEN c."status" = \'issued\' AND EXISTS (SELECT 1 FROM '
    '"ballot_participation" p WHERE p."round" = c."round" AND p."voter_key" = ?) '
    'THEN \'used\' ELSE c."status" END, c."buurt_code" FROM "voting_code" c '
    'WHERE c."code_hash" = ?'
)


def truncate_wal(conn: sqlite3.Connection) -> None:
    """Fold the WAL into the database and cut it to zero bytes, without waiting on readers.

    The receipts are already out (the commit was durable in the WAL); a checkpoint that meets
    a reader gives up at once and the next burst tries again.
    """
    conn.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:
        pass  # busy: the next group commit checkpoints
    finally:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _resolve(future: asyncio.Future[Stored], result: Stored | BaseException) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)


class SqliteStore:
    """The per-process SQLite store: a writer thread with group commit, and a read connection."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pid = os.getpid()
        self._queue: queue.SimpleQueue[_Waiter] = queue.SimpleQueue()
        self._reader = connect(path)
        self._thread = threading.Thread(target=self._run, name="ballot-writer", daemon=True)
        self._thread.start()

    def alive(self) -> bool:
        """The store of this process, with its writer running."""
        return self._pid == os.getpid() and self._thread.is_alive()

    def _run(self) -> None:
        conn = connect(self._path)
        # The writers of all worker processes queue on this lock instead of on SQLite's busy
        # handler, which sleeps 1, 2, 5, 10... ms between tries: a blocked flock() wakes the
        # moment the other writer commits, so the write lock passes without dead time, and
        # casts queue up meanwhile into the next batch. Released by the kernel if we die.
        lock = os.open(f"{self._path}.writer-lock", os.O_RDWR | os.O_CREAT, 0o600)
        written = False
        while True:
            try:  # after a burst of casts (no new one for IDLE_SECONDS) the WAL is truncated
                batch = [self._queue.get(timeout=IDLE_SECONDS if written else None)]
            except queue.Empty:
                truncate_wal(conn)
                written = False
                continue
            written = True
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                while len(batch) < MAX_BATCH:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                try:
                    results = commit_all(conn, [job for job, _, _ in batch])
                except BaseException as exc:  # report, never leave a caller waiting
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    results = [exc for _ in batch]
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
            for (_, future, loop), result in zip(batch, results, strict=True):
                loop.call_soon_threadsafe(_resolve, future, result)

    async def submit(self, job: CastJob) -> Stored:
        """Queue a job for the next group commit and wait until it is durable."""
        return await self._queued(job)

    async def submit_batch(self, job: BatchJob) -> Stored:
        """Queue a paper batch for the writer (its own transaction) and wait until it is durable."""
        return await self._queued(job)

    async def _queued(self, job: _Job) -> Stored:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Stored] = loop.create_future()
        self._queue.put((job, future, loop))
        return await future

    def _one(self, sql: str, params: tuple[object, ...]) -> tuple[object, ...] | None:
        for _ in range(50):
            try:
                row: tuple[object, ...] | None = self._reader.execute(sql, params).fetchone()
                return row
            except sqlite3.OperationalError:
                time.sleep(0.01)
        raise RuntimeError("the ballot database stayed busy")

    async def find_code(self, code_hash: str, voter_key: str) -> CodeRow | None:
        """One indexed lookup on the kept-open read connection (used: the one-vote index)."""
        row = self._one(_FIND_CODE, (voter_key, code_hash))
        if row is None:
            return None
        return CodeRow(int(str(row[0])), int(str(row[1])), str(row[2]), str(row[3]))

    async def recent_failures(self, key: str, since: datetime) -> int:
        """Wrong codes from one address since a moment (Piccolo stores UTC text)."""
        row = self._one(
            'SELECT count(*) FROM "voting_code_failure" WHERE "key" = ? AND "at" > ?',
            (key, str(since)),
        )
        return int(str(row[0])) if row else 0

    async def has_participation(self, round_id: int, voter_key: str) -> bool:
        """Whether a voter key took part in a round."""
        return (
            self._one(
                'SELECT 1 FROM "ballot_participation" WHERE "round" = ? AND "voter_key" = ?',
                (round_id, voter_key),
            )
            is not None
        )

    async def active_token(self, round_id: int, token_hash: str) -> bool:
        """Whether a replacement token belongs to an active ballot of the round."""
        return (
            self._one(
                'SELECT 1 FROM "sealed_ballot" WHERE "round" = ? AND "token_hash" = ? '
                "AND \"status\" = 'active'",
                (round_id, token_hash),
            )
            is not None
        )
