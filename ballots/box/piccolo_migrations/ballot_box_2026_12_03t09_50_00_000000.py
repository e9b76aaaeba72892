"""The sealed ballot box: sealed ballots, round keys with their share commitments, and
participations without a serial id.

- `sealed_ballot` holds what a cast writes during voting (WITHOUT ROWID on SQLite);
- `ballot_box_key` and `ballot_key_share` hold a round's public key and share commitments;
- `ballot_participation` is rebuilt with a random 128-bit id (no sequence, no rowid);
- `voting_paper_voter` keeps a pending paper batch's voters apart from its choices. Pending
  batches of the old form (voters next to choices) are discarded: confirm or discard them
  before upgrading.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T09:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "sealed_box"

_ROUND = 'INTEGER NOT NULL REFERENCES "budget_round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE'
_SQLITE_ID = "VARCHAR(32) PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16))))"
_PG_ID = "VARCHAR(32) PRIMARY KEY NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '')"


def _sealed(id_type, tail):
    return f"""
CREATE TABLE "sealed_ballot" (
    "id" {id_type},
    "round" {_ROUND},
    "sealed" TEXT NOT NULL DEFAULT '',
    "sealed_hash" VARCHAR(64) UNIQUE NOT NULL,
    "channel" VARCHAR(10) NOT NULL DEFAULT '',
    "status" VARCHAR(12) NOT NULL DEFAULT 'active',
    "token_hash" VARCHAR(64) NOT NULL DEFAULT ''
){tail}
"""


def _participation(name, id_type, tail):
    return f"""
CREATE TABLE "{name}" (
    "id" {id_type},
    "round" {_ROUND},
    "voter_key" VARCHAR(64) NOT NULL DEFAULT '',
    "channel" VARCHAR(10) NOT NULL DEFAULT '',
    "buurt_code" VARCHAR(20) NOT NULL DEFAULT '',
    "voted_on" DATE NOT NULL DEFAULT CURRENT_DATE
){tail}
"""


def _paper_voter(id_type, tail):
    return f"""
CREATE TABLE "voting_paper_voter" (
    "id" {id_type},
    "batch" INTEGER NOT NULL REFERENCES "voting_paper_batch" ("id")
        ON DELETE CASCADE ON UPDATE CASCADE,
    "voter_key" VARCHAR(64) NOT NULL DEFAULT '',
    "code_hash" VARCHAR(64) NOT NULL DEFAULT '',
    "buurt_code" VARCHAR(20) NOT NULL DEFAULT ''
){tail}
"""


def _key(serial):
    return f"""
CREATE TABLE "ballot_box_key" (
    "id" {serial},
    "round" {_ROUND} UNIQUE,
    "public_key" VARCHAR(64) NOT NULL DEFAULT '',
    "threshold" INTEGER NOT NULL DEFAULT 2,
    "shares" INTEGER NOT NULL DEFAULT 3,
    "status" VARCHAR(10) NOT NULL DEFAULT 'ceremony',
    "created_by" INTEGER NULL DEFAULT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "opened_at" TIMESTAMPTZ NULL DEFAULT NULL,
    "sealed_list" TEXT NOT NULL DEFAULT '',
    "sealed_list_sha256" VARCHAR(64) NOT NULL DEFAULT ''
)
"""


def _share(serial):
    stamp = "TIMESTAMPTZ"
    return f"""
CREATE TABLE "ballot_key_share" (
    "id" {serial},
    "round" {_ROUND},
    "position" INTEGER NOT NULL DEFAULT 0,
    "holder" INTEGER NULL DEFAULT NULL,
    "label" VARCHAR(80) NOT NULL DEFAULT '',
    "commitment" VARCHAR(64) NOT NULL DEFAULT '',
    "pending" TEXT NOT NULL DEFAULT '',
    "collected_at" {stamp} NULL DEFAULT NULL,
    "confirmed_at" {stamp} NULL DEFAULT NULL
)
"""


async def forwards():
    from app.db import DB, is_sqlite

    manager = MigrationManager(migration_id=ID, app_name="ballot_box", description=DESCRIPTION)

    async def run():
        sqlite = is_sqlite()
        id_type = _SQLITE_ID if sqlite else _PG_ID
        tail = " WITHOUT ROWID" if sqlite else ""
        serial = "INTEGER PRIMARY KEY NOT NULL" if sqlite else "SERIAL PRIMARY KEY NOT NULL"
        await DB.run_ddl(_sealed(id_type, tail))
        await DB.run_ddl('CREATE INDEX "sealed_ballot_round" ON "sealed_ballot" ("round", "status")')
        await DB.run_ddl('CREATE INDEX "sealed_ballot_token" ON "sealed_ballot" ("token_hash")')
        await DB.run_ddl(_key(serial))
        await DB.run_ddl(_share(serial))
        await DB.run_ddl('CREATE INDEX "ballot_key_share_round" ON "ballot_key_share" ("round")')
        await DB.run_ddl(_paper_voter(id_type, tail))
        await DB.run_ddl('CREATE INDEX "voting_paper_voter_batch" ON "voting_paper_voter" ("batch")')
        await DB.run_ddl(
            'DELETE FROM "voting_paper_entry" WHERE "batch" IN (SELECT "id" FROM '
            '"voting_paper_batch" WHERE "status" = \'pending\')'
        )
        await DB.run_ddl('DELETE FROM "voting_paper_batch" WHERE "status" = \'pending\'')
        await DB.run_ddl(_participation("ballot_participation_new", id_type, tail))
        await DB.run_ddl(
            'INSERT INTO "ballot_participation_new" ("round", "voter_key", "channel", '
            '"buurt_code", "voted_on") SELECT "round", "voter_key", "channel", "buurt_code", '
            '"voted_on" FROM "ballot_participation"'
        )
        await DB.run_ddl('DROP TABLE "ballot_participation"')
        await DB.run_ddl('ALTER TABLE "ballot_participation_new" RENAME TO "ballot_participation"')
        await DB.run_ddl(
            'CREATE INDEX "ballot_participation_round" ON "ballot_participation" ("round")'
        )
        await DB.run_ddl(
            'CREATE UNIQUE INDEX "ballot_participation_one_vote" '
            'ON "ballot_participation" ("round", "voter_key")'
        )

    manager.add_raw(run)
    return manager
