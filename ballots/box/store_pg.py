"""PostgreSQL ballot store on the ballot box's own asyncpg pool.

A first cast is one statement (one round trip), a change one short transaction, a paper batch
one transaction. Every sealed ballot goes in through one INSERT (`_ballots_insert`).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type hints
from piccolo.engine.postgres import PostgresEngine

from app.audit import chain
from app.db import DB, is_duplicate, keep_session
from app.runtime import current_settings
from ballots.box import codes
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
    NOT_ELIGIBLE,
    SAME_STAFF,
    TOKEN_UNKNOWN,
    BatchJob,
    CastJob,
    CodeRow,
    NewBallot,
    Stored,
    batch_event,
    utc,
)


class _Refused(Exception):
    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def _ballots_insert(round_param: str, first_array: int) -> str:
    """The one INSERT of sealed ballots: the round, and five arrays (ids, sealed texts, hashes,
    channels, token hashes) from parameter `first_array` on; callers add WHERE/ON CONFLICT."""
    ids, sealed, hashes, channels, tokens = (f"${first_array + at}" for at in range(5))
    # Only placeholder names go into the text; every value is a bound parameter.
    return (
        'INSERT INTO "sealed_ballot" ("id", "round", "sealed", "sealed_hash", "channel", '  # noqa: S608
        f'"status", "token_hash") SELECT b.id, {round_param}::integer, b.sealed, b.sealed_hash, '
        f"b.channel, 'active', b.token_hash FROM unnest({ids}::varchar[], {sealed}::text[], "
        f"{hashes}::varchar[], {channels}::varchar[], {tokens}::varchar[]) "
        "AS b (id, sealed, sealed_hash, channel, token_hash)"
    )


def _arrays(ballots: Sequence[NewBallot]) -> tuple[list[str], ...]:
    """The five arrays `_ballots_insert` takes, in its order."""
    return (
        [b.ballot_id for b in ballots],
        [b.sealed for b in ballots],
        [b.sealed_hash for b in ballots],
        [b.channel for b in ballots],
        [b.token_hash for b in ballots],
    )


_INSERT_BALLOTS = _ballots_insert("$1", 2) + ' ON CONFLICT ("id") DO NOTHING RETURNING "id"'


async def insert_ballots(
    conn: asyncpg.Connection, round_id: int, ballots: Sequence[NewBallot]
) -> None:
    """Insert sealed ballots of a change or a paper batch; a (rare) clash of random ids draws
    new ids for the ballots that were not stored."""
    pending = list(ballots)
    for _ in range(5):
        rows = await conn.fetch(_INSERT_BALLOTS, round_id, *_arrays(pending))
        stored = {str(row[0]) for row in rows}
        left = []
        for ballot in pending:
            if ballot.ballot_id in stored:
                stored.discard(ballot.ballot_id)  # an id twice in one list: only one went in
            else:
                left.append(replace(ballot, ballot_id=codes.new_ballot_id()))
        if not left:
            return
        pending = left
    raise RuntimeError("could not draw a unique ballot id")


async def _check_open(conn: asyncpg.Connection, round_id: int, now: datetime) -> None:
    clock = await conn.fetchrow(
        'SELECT "phase", "voting_starts", "counting_starts" FROM "budget_round" WHERE "id" = $1',
        round_id,
    )
    if clock is None or not voting_open(str(clock[0]), utc(clock[1]), utc(clock[2]), now):
        raise _Refused(CLOSED)


async def _apply(conn: asyncpg.Connection, job: CastJob) -> Stored:
    await _check_open(conn, job.round_id, job.now)
    if job.replaces is None:
        inserted = await conn.fetchval(
            'INSERT INTO "ballot_participation" ("round", "voter_key", "channel", '
            '"buurt_code", "voted_on") VALUES ($1, $2, $3, $4, $5) '
            "ON CONFLICT DO NOTHING RETURNING 1",
            job.round_id,
            job.voter_key,
            job.ballot.channel,
            job.buurt_code,
            job.voted_on,
        )
        if inserted is None:
            raise _Refused(ALREADY_VOTED)
        if job.code_hash is not None:  # read only: a cast never writes the letter's row
            issued = await conn.fetchval(
                'SELECT 1 FROM "voting_code" WHERE "code_hash" = $1 '
                'AND "round" = $2 AND "status" = \'issued\'',
                job.code_hash,
                job.round_id,
            )
            if issued is None:
                raise _Refused(CODE_REFUSED)
    else:
        found = await conn.fetchval(
            'SELECT 1 FROM "ballot_participation" WHERE "round" = $1 AND "voter_key" = $2',
            job.round_id,
            job.voter_key,
        )
        if found is None:
            raise _Refused(NOT_ELIGIBLE)
        replaced = await conn.execute(
            'UPDATE "sealed_ballot" SET "status" = \'superseded\', "token_hash" = \'\' '
            'WHERE "round" = $1 AND "token_hash" = $2 AND "status" = \'active\'',
            job.round_id,
            job.replaces,
        )
        if replaced != "UPDATE 1":
            raise _Refused(TOKEN_UNKNOWN)
    await insert_ballots(conn, job.round_id, [job.ballot])
    return Stored(CAST, job.ballot.sealed_hash)


# A first cast in one statement (one round trip, atomic on its own): the round must be in
# voting at the cast's moment; the code, if any, must still be issued (it is only read: the
# one-vote index says it was used); only then the
# participation and the sealed ballot are inserted. A clash on the one-vote index or on a
# ballot's id raises and undoes the whole statement.
# Only the fixed ballot INSERT is put into the text (hence noqa: S608); values are parameters.
_CAST = f"""
WITH open_round AS (
    SELECT "id" FROM "budget_round"
    WHERE "id" = $1 AND "phase" = 'voting'
      AND ("voting_starts" IS NULL OR "voting_starts" <= $2)
      AND ("counting_starts" IS NULL OR $2 < "counting_starts")
), code AS (
    SELECT 1 FROM "voting_code"
    WHERE "code_hash" = $3 AND "round" = $1 AND "status" = 'issued'
), participation AS (
    INSERT INTO "ballot_participation" ("round", "voter_key", "channel", "buurt_code", "voted_on")
    SELECT "id", $4, $5, $6, $7 FROM open_round
    WHERE $3::varchar IS NULL OR EXISTS (SELECT 1 FROM code)
    RETURNING 1
), stored AS (
    {_ballots_insert("$1", 8)} WHERE EXISTS (SELECT 1 FROM participation)
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM open_round), EXISTS (SELECT 1 FROM stored)
"""  # noqa: S608

_ONE_VOTE = "ballot_participation_one_vote"


async def _cast(pool: asyncpg.Pool, job: CastJob) -> Stored:
    """A first cast in one round trip; a clash of ballot ids draws a new one."""
    ballot = job.ballot
    ballot_id = ballot.ballot_id
    for _ in range(5):
        try:
            row = await pool.fetchrow(
                _CAST,
                job.round_id,
                job.now,
                job.code_hash,
                job.voter_key,
                ballot.channel,
                job.buurt_code,
                job.voted_on,
                *_arrays([replace(ballot, ballot_id=ballot_id)]),
            )
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == _ONE_VOTE:  # the same voter, in a parallel statement
                return Stored(ALREADY_VOTED)
            ballot_id = codes.new_ballot_id()  # a rare clash
            continue
        if not row[0]:
            return Stored(CLOSED)
        if row[1]:
            return Stored(CAST, ballot.sealed_hash)
        # The code was not issued (any more): a fresh statement sees whether this voter's
        # participation exists (a parallel cast with the same code), as the one-vote rule says.
        voted = await pool.fetchval(
            'SELECT EXISTS (SELECT 1 FROM "ballot_participation" '
            'WHERE "round" = $1 AND "voter_key" = $2)',
            job.round_id,
            job.voter_key,
        )
        return Stored(ALREADY_VOTED if voted else CODE_REFUSED)
    raise RuntimeError("could not draw a unique ballot id")


async def _paper(conn: asyncpg.Connection, job: BatchJob) -> Stored:
    """A paper batch's checks and writes inside the caller's transaction; raises _Refused.

    The batch row is locked first (FOR UPDATE): a second confirmation, or a discard, waits for
    this one and then finds the batch confirmed.
    """
    await _check_open(conn, job.round_id, job.now)
    batch = await conn.fetchrow(
        'SELECT "status", "entered_by" FROM "voting_paper_batch" WHERE "id" = $1 AND "round" = $2 '
        "FOR UPDATE",
        job.batch_id,
        job.round_id,
    )
    if batch is None:
        raise _Refused(BATCH_MISSING)
    if batch[0] != "pending":
        raise _Refused(BATCH_DONE)
    if int(batch[1]) == job.staff_id:
        raise _Refused(SAME_STAFF)
    keys = await conn.fetch(
        'SELECT "voter_key" FROM "voting_paper_voter" WHERE "batch" = $1', job.batch_id
    )
    entries = await conn.fetchval(
        'SELECT count(*) FROM "voting_paper_entry" WHERE "batch" = $1', job.batch_id
    )
    if sorted(str(k[0]) for k in keys) != sorted(v.voter_key for v in job.voters) or int(
        entries
    ) != len(job.ballots):
        raise _Refused(BATCH_CHANGED)
    try:
        await conn.execute(
            'INSERT INTO "ballot_participation" ("round", "voter_key", "channel", "buurt_code", '
            "\"voted_on\") SELECT $1, v.key, 'paper', v.buurt, v.day "
            "FROM unnest($2::varchar[], $3::varchar[], $4::date[]) AS v (key, buurt, day)",
            job.round_id,
            [v.voter_key for v in job.voters],
            [v.buurt_code for v in job.voters],
            [v.voted_on for v in job.voters],
        )
    except asyncpg.IntegrityConstraintViolationError as exc:
        if not is_duplicate(exc):  # another failure is not "already voted": let it surface
            raise
        raise _Refused(ALREADY_VOTED) from exc
    hashes = [v.code_hash for v in job.voters if v.code_hash]
    if hashes:  # read only: the letter's row is never written by a cast
        issued = await conn.fetchval(
            'SELECT count(*) FROM "voting_code" WHERE "round" = $1 AND "status" = \'issued\' '
            'AND "code_hash" = ANY($2::varchar[])',
            job.round_id,
            hashes,
        )
        if int(issued) != len(hashes):
            raise _Refused(CODE_REFUSED)
    await insert_ballots(conn, job.round_id, job.ballots)
    await conn.execute('DELETE FROM "voting_paper_entry" WHERE "batch" = $1', job.batch_id)
    await conn.execute('DELETE FROM "voting_paper_voter" WHERE "batch" = $1', job.batch_id)
    await conn.execute(
        'UPDATE "voting_paper_batch" SET "status" = \'confirmed\', "confirmed_by" = $2, '
        '"confirmed_at" = $3 WHERE "id" = $1',
        job.batch_id,
        job.staff_id,
        job.now,
    )
    await conn.execute(f"SELECT pg_advisory_xact_lock({chain.APPEND_LOCK})")  # as app.audit
    head = await conn.fetchrow(AUDIT_HEAD)
    event = batch_event(job, None if head is None else (int(head[0]), str(head[1])))
    await conn.execute(
        f'INSERT INTO "audit_event" ({AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',  # noqa: S608
        *event.values(),
    )
    return Stored(CAST)


class PostgresStore:
    """The ballot box's own asyncpg pool, opened on first use in each worker process.

    Released like Piccolo's pool, without a reset round trip (`app.db.keep_session`).
    """

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._pid = os.getpid()
        self._loop = asyncio.get_running_loop()

    @classmethod
    async def open(cls) -> PostgresStore:
        """Open a pool with the engine's connection settings."""
        if not isinstance(DB, PostgresEngine):
            raise RuntimeError("the PostgreSQL ballot store needs the PostgreSQL engine")
        pool = await asyncpg.create_pool(
            **DB.config,
            min_size=min(2, current_settings().box_pool_max),
            max_size=current_settings().box_pool_max,
            reset=keep_session,
        )
        return cls(pool)

    def alive(self) -> bool:
        """This process's store, on the running event loop, with the pool still open."""
        return (
            self._pid == os.getpid()
            and not self._pool.is_closing()
            and asyncio.get_running_loop() is self._loop
        )

    async def submit(self, job: CastJob) -> Stored:
        """Commit a cast (one statement) or a change (one transaction); the unique index
        decides double votes."""
        if job.replaces is None:
            return await _cast(self._pool, job)
        async with self._pool.acquire() as conn:
            try:
                async with conn.transaction():
                    return await _apply(conn, job)
            except _Refused as refused:
                return Stored(refused.outcome)
            except asyncpg.UniqueViolationError:  # the same voter in a parallel transaction
                return Stored(ALREADY_VOTED)

    async def submit_batch(self, job: BatchJob) -> Stored:
        """Commit a whole paper batch in one transaction, or nothing."""
        async with self._pool.acquire() as conn:
            try:
                async with conn.transaction():
                    return await _paper(conn, job)
            except _Refused as refused:
                return Stored(refused.outcome)

    async def _fetchrow(self, sql: str, *params: object) -> asyncpg.Record | None:
        async with self._pool.acquire() as conn:
            return await conn.fetchrow(sql, *params)

    async def find_code(self, code_hash: str, voter_key: str) -> CodeRow | None:
        """One indexed lookup of a code hash (used: its voter key took part)."""
        row = await self._fetchrow(
            'SELECT c."id", c."round", CASE WHEN c."status" = \'issued\' AND EXISTS (SELECT 1 '
            'FROM "ballot_participation" p WHERE p."round" = c."round" AND p."voter_key" = $2) '
            'THEN \'used\' ELSE c."status" END, c."buurt_code" FROM "voting_code" c '
            'WHERE c."code_hash" = $1',
            code_hash,
            voter_key,
        )
        return None if row is None else CodeRow(int(row[0]), int(row[1]), row[2], row[3])

    async def recent_failures(self, key: str, since: datetime) -> int:
        """Wrong codes from one address since a moment."""
        row = await self._fetchrow(
            'SELECT count(*) FROM "voting_code_failure" WHERE "key" = $1 AND "at" > $2',
            key,
            since,
        )
        return 0 if row is None else int(row[0])  # count(*) always answers one row

    async def has_participation(self, round_id: int, voter_key: str) -> bool:
        """Whether a voter key took part in a round."""
        row = await self._fetchrow(
            'SELECT 1 FROM "ballot_participation" WHERE "round" = $1 AND "voter_key" = $2',
            round_id,
            voter_key,
        )
        return row is not None

    async def active_token(self, round_id: int, token_hash: str) -> bool:
        """Whether a replacement token belongs to an active ballot of the round."""
        row = await self._fetchrow(
            'SELECT 1 FROM "sealed_ballot" WHERE "round" = $1 AND "token_hash" = $2 '
            "AND \"status\" = 'active'",
            round_id,
            token_hash,
        )
        return row is not None
