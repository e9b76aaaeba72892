"""SQLite's kept-open connections: what one commits the next query sees; a failure spoils none."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
from datetime import UTC, datetime

import pytest


@pytest.fixture(autouse=True)
def sqlite_only() -> None:
    """The pool is SQLite's; PostgreSQL has its own."""
    from app.db import is_sqlite

    if not is_sqlite():
        pytest.skip("SQLite only")


async def test_what_a_transaction_commits_the_kept_open_connections_see_at_once() -> None:
    """Reads outside a transaction never show an old snapshot."""
    from app.db import transaction
    from app.jobs.tables import RunnerBeat

    name = f"pool-{secrets.token_hex(4)}"
    for step in range(3):
        async with transaction():
            await RunnerBeat.insert(RunnerBeat(name=f"{name}-{step}", beat_at=datetime.now(UTC)))
        found = await RunnerBeat.count().where(RunnerBeat.name.like(f"{name}-%"))
        assert found == step + 1


async def test_a_failed_statement_leaves_the_pool_working() -> None:
    """A refused write outside a transaction raises; the next reads and writes still work."""
    from app.jobs.tables import RunnerBeat

    name = f"pool-{secrets.token_hex(4)}"
    await RunnerBeat.insert(RunnerBeat(name=name, beat_at=datetime.now(UTC)))
    with pytest.raises(sqlite3.IntegrityError):
        await RunnerBeat.insert(RunnerBeat(name=name, beat_at=datetime.now(UTC)))
    reads = [RunnerBeat.count().where(RunnerBeat.name == name).run() for _ in range(20)]
    assert await asyncio.gather(*reads) == [1] * 20
    await RunnerBeat.delete().where(RunnerBeat.name == name)
    assert await RunnerBeat.count().where(RunnerBeat.name == name) == 0
