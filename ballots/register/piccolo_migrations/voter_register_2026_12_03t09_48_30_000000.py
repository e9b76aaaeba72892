"""One register entry per (round, person key), and the desk's address look-up index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T09:48:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "one_entry_per_person"


async def forwards():
    from app.db import DB

    manager = MigrationManager(
        migration_id=ID, app_name="voter_register", description=DESCRIPTION
    )

    async def run():
        await DB.run_ddl(
            'CREATE UNIQUE INDEX "voter_register_entry_person" '
            'ON "voter_register_entry" ("round", "person_key")'
        )
        await DB.run_ddl(
            'CREATE INDEX "voter_register_entry_address" '
            'ON "voter_register_entry" ("round", "postcode", "house_number")'
        )

    manager.add_raw(run)
    return manager
