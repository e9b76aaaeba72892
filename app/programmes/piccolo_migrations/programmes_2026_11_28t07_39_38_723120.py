"""One programme per area and year, enforced by the database (Piccolo has no composite unique)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.programmes.tables import Programme

ID = "2026-11-28T07:39:38:723120"
VERSION = "1.38.0"
DESCRIPTION = "unique_area_year"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="programmes", description=DESCRIPTION
    )

    async def run():
        await Programme.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS programme_area_year_unique "
            "ON programme (area, year)"
        )

    async def run_backwards():
        await Programme.raw("DROP INDEX IF EXISTS programme_area_year_unique")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)

    return manager
