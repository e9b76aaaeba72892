"""Ballot secrecy and one-vote integrity that Piccolo cannot express.

- one participation per (round, voter key): a composite unique index decides double votes;
- on SQLite the ballot table is rebuilt WITHOUT ROWID, so rows are stored in the order of
  their random id and there is no hidden insertion counter (rowid) to join by rank;
- an index for counting active ballots per round.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-28T07:46:33:374753"
VERSION = "1.38.0"
DESCRIPTION = "secrecy_and_indexes"

_SQLITE_BALLOT = """
CREATE TABLE "ballot_secret" (
    "id" VARCHAR(32) PRIMARY KEY NOT NULL,
    "round" INTEGER NOT NULL REFERENCES "budget_round" ("id")
        ON DELETE RESTRICT ON UPDATE CASCADE,
    "choices" TEXT NOT NULL DEFAULT '',
    "receipt" VARCHAR(11) UNIQUE NOT NULL,
    "channel" VARCHAR(10) NOT NULL DEFAULT '',
    "status" VARCHAR(12) NOT NULL DEFAULT 'active',
    "token_hash" VARCHAR(64) NOT NULL DEFAULT ''
) WITHOUT ROWID
"""


async def forwards():
    from app.db import DB, is_sqlite

    manager = MigrationManager(
        migration_id=ID, app_name="ballot_box", description=DESCRIPTION
    )

    async def run():
        if is_sqlite():
            await DB.run_ddl(_SQLITE_BALLOT)
            await DB.run_ddl(
                'INSERT INTO "ballot_secret" SELECT "id", "round", "choices", "receipt", '
                '"channel", "status", "token_hash" FROM "ballot"'
            )
            await DB.run_ddl('DROP TABLE "ballot"')
            await DB.run_ddl('ALTER TABLE "ballot_secret" RENAME TO "ballot"')
            await DB.run_ddl('CREATE INDEX "ballot_round" ON "ballot" ("round")')
        await DB.run_ddl(
            'CREATE UNIQUE INDEX "ballot_participation_one_vote" '
            'ON "ballot_participation" ("round", "voter_key")'
        )
        await DB.run_ddl('CREATE INDEX "ballot_round_status" ON "ballot" ("round", "status")')
        await DB.run_ddl('CREATE INDEX "ballot_token" ON "ballot" ("token_hash")')
        await DB.run_ddl(
            'CREATE INDEX "voting_code_address" ON "voting_code" ("round", "postcode")'
        )

    manager.add_raw(run)
    return manager
