"""PostgreSQL pool sizes follow WIJKSTEM_DB_POOL_MAX and WIJKSTEM_BOX_POOL_MAX (per process)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.settings import get_settings

PROBE = """
import asyncio
async def main():
    from app.db import DB, start_pool, close_pool
    from ballots.box.store_pg import PostgresStore
    await start_pool()
    store = await PostgresStore.open()
    print(DB.pool.get_max_size(), store._pool.get_max_size())
    await store._pool.close()
    await close_pool()
asyncio.run(main())
"""


def _sizes(**env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_both_pools_take_their_size_from_the_settings() -> None:
    if not get_settings().is_postgres:
        pytest.skip("connection pools are PostgreSQL's")
    assert _sizes() == "20 16"
    assert _sizes(WIJKSTEM_DB_POOL_MAX="5", WIJKSTEM_BOX_POOL_MAX="3") == "5 3"
    assert _sizes(WIJKSTEM_DB_POOL_MAX="1", WIJKSTEM_BOX_POOL_MAX="1") == "1 1"
