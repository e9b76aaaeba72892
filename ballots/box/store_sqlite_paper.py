"""SQLite: a confirmed paper batch in one IMMEDIATE transaction of the ballot writer."""

from __future__ import annotations

import sqlite3
from datetime import UTC

from app.db import is_duplicate
from ballots.box.rules import voting_open
from ballots.box.store import (
    ALREADY_VOTED,
    AUDIT_COLUMNS,
    AUDIT_HEAD,
    BATCH_CHANGED,
    BATCH_DONE,
    BATCH_MISSING,
    CAST,
    CLOSED,
    CODE_REFUSED,
    SAME_STAFF,
    BatchJob,
    Stored,
    batch_event,
)
from ballots.box.store_sqlite_sql import (
    PARTICIPATION_ROW,
    Refused,
    clock_of,
    insert_ballots,
    retrying,
    rows,
)


def commit_paper(conn: sqlite3.Connection, job: BatchJob) -> Stored | BaseException:
    """Commit a paper batch in its own IMMEDIATE transaction: all of it, or nothing.

    A failure other than a refusal or a lock (raised) is undone and reaches only this job's caller.
    """
    return retrying(conn, lambda _bulk: [_paper_attempt(conn, job)], 1)[0]


def _paper_attempt(conn: sqlite3.Connection, job: BatchJob) -> Stored:
    conn.execute("BEGIN IMMEDIATE")
    try:
        stored = _paper(conn, job)
    except Refused as refused:
        conn.execute("ROLLBACK")
        return Stored(refused.outcome)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return stored


def _paper(conn: sqlite3.Connection, job: BatchJob) -> Stored:
    """The batch's checks and writes, inside the caller's transaction; raises Refused."""
    clock = clock_of(conn, job.round_id)
    if clock is None or not voting_open(
        clock.phase, clock.voting_starts, clock.counting_starts, job.now
    ):
        raise Refused(CLOSED)
    batch = conn.execute(
        'SELECT "status", "entered_by" FROM "voting_paper_batch" WHERE "id" = ? AND "round" = ?',
        (job.batch_id, job.round_id),
    ).fetchone()
    if batch is None:
        raise Refused(BATCH_MISSING)
    if batch[0] != "pending":
        raise Refused(BATCH_DONE)
    if int(batch[1]) == job.staff_id:
        raise Refused(SAME_STAFF)
    keys = conn.execute(
        'SELECT "voter_key" FROM "voting_paper_voter" WHERE "batch" = ?', (job.batch_id,)
    ).fetchall()
    entries = conn.execute(
        'SELECT count(*) FROM "voting_paper_entry" WHERE "batch" = ?', (job.batch_id,)
    ).fetchone()
    if sorted(str(k[0]) for k in keys) != sorted(v.voter_key for v in job.voters) or int(
        entries[0]
    ) != len(job.ballots):
        raise Refused(BATCH_CHANGED)
    params: list[object] = []
    for voter in job.voters:
        params += (job.round_id, voter.voter_key, "paper", voter.buurt_code)
        params.append(voter.voted_on.isoformat())
    try:
        conn.execute(
            'INSERT INTO "ballot_participation" ("round", "voter_key", "channel", "buurt_code", '  # noqa: S608
            f'"voted_on") VALUES {rows(PARTICIPATION_ROW, len(job.voters))}',
            params,
        )
    except sqlite3.IntegrityError as exc:
        if not is_duplicate(exc):  # another failure is not "already voted": let it surface
            raise
        raise Refused(ALREADY_VOTED) from exc
    hashes = [v.code_hash for v in job.voters if v.code_hash]
    if hashes:  # read only: the letter's row is never written by a cast
        issued = conn.execute(
            'SELECT count(*) FROM "voting_code" WHERE +"round" = ? '  # noqa: S608
            f'AND "status" = \'issued\' AND "code_hash" IN ({rows("?", len(hashes))})',
            [job.round_id, *hashes],
        ).fetchone()
        if int(issued[0]) != len(hashes):
            raise Refused(CODE_REFUSED)
    insert_ballots(conn, [(job.round_id, ballot) for ballot in job.ballots])
    conn.execute('DELETE FROM "voting_paper_entry" WHERE "batch" = ?', (job.batch_id,))
    conn.execute('DELETE FROM "voting_paper_voter" WHERE "batch" = ?', (job.batch_id,))
    conn.execute(
        'UPDATE "voting_paper_batch" SET "status" = \'confirmed\', "confirmed_by" = ?, '
        '"confirmed_at" = ? WHERE "id" = ?',
        (job.staff_id, str(job.now.astimezone(UTC)), job.batch_id),
    )
    head = conn.execute(AUDIT_HEAD).fetchone()
    event = batch_event(job, None if head is None else (int(head[0]), str(head[1])))
    conn.execute(
        f'INSERT INTO "audit_event" ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',  # noqa: S608
        event.values(),
    )
    return Stored(CAST)
