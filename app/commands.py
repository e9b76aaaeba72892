"""Helpers for a module's CLI commands: run one async piece of work with the pool open."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine


def run_with_db(work: Callable[[], Coroutine[object, object, int]]) -> int:
    """Open the connection pool, run the work, close the pool; answers the exit code."""

    async def wrapped() -> int:
        from app.db import close_pool, start_pool

        await start_pool()
        try:
            return await work()
        finally:
            await close_pool()

    return asyncio.run(wrapped())
