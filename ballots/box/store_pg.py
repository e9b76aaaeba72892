"""PostgreSQL store: each cast is one short transaction on the asyncpg pool opened at start-up."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type hints

from app.db import DB, start_pool
from ballots.box import codes
from ballots.box.rules import voting_open
from ballots.box.store import (
    ALREADY_VOTED,
    CAST,
    CLOSED,
    CODE_REFUSED,
    NOT_ELIGIBLE,
    TOKEN_UNKNOWN,
    CastJob,
    CodeRow,
    Stored,
    utc,
)


class _Refused(Exception):
    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


async def _insert_ballot(conn: Any, job: CastJob) -> str:
    ballot = job.ballot
    ballot_id, receipt = ballot.ballot_id, ballot.receipt
    for _ in range(5):
        inserted = await conn.fetchval(
            'INSERT INTO "ballot" ("id", "round", "choices", "receipt", "channel", '
            '"status", "token_hash") VALUES ($1, $2, $3, $4, $5, \'active\', $6) '
            "ON CONFLICT DO NOTHING RETURNING 1",
            ballot_id,
            job.round_id,
            ballot.choices,
            receipt,
            ballot.channel,
            ballot.token_hash,
        )
        if inserted is not None:
            return receipt
        ballot_id, receipt = codes.new_ballot_id(), codes.new_receipt()  # a rare collision
    raise RuntimeError("could not draw a unique receipt")


async def _apply(conn: Any, job: CastJob) -> Stored:
    clock = await conn.fetchrow(
        'SELECT "phase", "voting_starts", "counting_starts" FROM "budget_round" WHERE "id" = $1',
        job.round_id,
    )
    if clock is None or not voting_open(str(clock[0]), utc(clock[1]), utc(clock[2]), job.now):
        raise _Refused(CLOSED)
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
        if job.code_hash is not None:
            used = await conn.execute(
                'UPDATE "voting_code" SET "status" = \'used\' WHERE "code_hash" = $1 '
                'AND "round" = $2 AND "status" = \'issued\'',
                job.code_hash,
                job.round_id,
            )
            if used != "UPDATE 1":
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
            'UPDATE "ballot" SET "status" = \'superseded\', "token_hash" = \'\' '
            'WHERE "round" = $1 AND "token_hash" = $2 AND "status" = \'active\'',
            job.round_id,
            job.replaces,
        )
        if replaced != "UPDATE 1":
            raise _Refused(TOKEN_UNKNOWN)
    return Stored(CAST, await _insert_ballot(conn, job))


class PostgresStore:
    """The asyncpg pool Piccolo opened at start-up (or our own when none is open)."""

    def __init__(self, pool: Any) -> None:
        self._pool = pool
        self._pid = os.getpid()

    @classmethod
    async def open(cls) -> PostgresStore:
        """Use the engine's pool, opening it if the application has not."""
        if getattr(DB, "pool", None) is None:
            await start_pool()
        return cls(DB.pool)  # type: ignore[attr-defined]

    def alive(self) -> bool:
        """This process's store, with the pool still open."""
        return self._pid == os.getpid() and DB.pool is self._pool  # type: ignore[attr-defined]

    async def submit(self, job: CastJob) -> Stored:
        """Commit the cast in one transaction; the unique index decides double votes."""
        async with self._pool.acquire() as conn:
            try:
                async with conn.transaction():
                    return await _apply(conn, job)
            except _Refused as refused:
                return Stored(refused.outcome)
            except asyncpg.UniqueViolationError:  # the same voter in a parallel transaction
                return Stored(ALREADY_VOTED)

    async def _fetchrow(self, sql: str, *params: object) -> Any:
        async with self._pool.acquire() as conn:
            return await conn.fetchrow(sql, *params)

    async def find_code(self, code_hash: str) -> CodeRow | None:
        """One indexed lookup of a code hash."""
        row = await self._fetchrow(
            'SELECT "id", "round", "status", "buurt_code" FROM "voting_code" '
            'WHERE "code_hash" = $1',
            code_hash,
        )
        return None if row is None else CodeRow(int(row[0]), int(row[1]), row[2], row[3])

    async def recent_failures(self, key: str, since: datetime) -> int:
        """Wrong codes from one address since a moment."""
        row = await self._fetchrow(
            'SELECT count(*) FROM "voting_code_failure" WHERE "key" = $1 AND "at" > $2',
            key,
            since,
        )
        return int(row[0])

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
            'SELECT 1 FROM "ballot" WHERE "round" = $1 AND "token_hash" = $2 '
            "AND \"status\" = 'active'",
            round_id,
            token_hash,
        )
        return row is not None
