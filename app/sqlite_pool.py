"""Piccolo's SQLite engine with kept-open connections for queries outside a transaction.

Piccolo opens a new connection, and starts a new thread for it, for every such query: on a
page of twenty small queries that cost more than the queries themselves. Here a query takes
an idle connection (autocommit, as Piccolo's own) and gives it back afterwards. Transactions
still get their own connection from Piccolo.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, dict_factory

MAX_IDLE = 8


class PooledSQLiteEngine(SQLiteEngine):
    """SQLiteEngine whose queries outside a transaction reuse idle connections."""

    def __init__(self, **kwargs: Any) -> None:  # SQLiteEngine's own keyword arguments
        super().__init__(**kwargs)
        self._idle: list[sqlite3.Connection] = []
        self._idle_lock = threading.Lock()

    def _take(self) -> sqlite3.Connection:
        with self._idle_lock:
            if self._idle:
                return self._idle.pop()
        connection: sqlite3.Connection = sqlite3.connect(
            **self.connection_kwargs, check_same_thread=False
        )
        connection.execute("PRAGMA foreign_keys = 1")
        connection.row_factory = dict_factory
        return connection

    def _give(self, connection: sqlite3.Connection) -> None:
        with self._idle_lock:
            if len(self._idle) < MAX_IDLE:
                self._idle.append(connection)
                return
        connection.close()

    def _run(self, query: str, args: list[object]) -> list[dict[str, object]]:
        connection = self._take()
        try:
            rows = connection.execute(query, args).fetchall()
        except BaseException:
            connection.close()  # it may be half-way through something: never reuse it
            raise
        self._give(connection)
        return rows

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        """Run one autocommitted statement on an idle connection (RETURNING needs SQLite 3.35+).

        A SELECT runs right here: in WAL mode a reader never waits for a lock, and the small
        reads of a page take less time than a hop to a thread. Writes, which may wait for
        the write lock, run in the thread pool.
        """
        if query.lstrip()[:6].upper() == "SELECT":
            return self._run(query, list(args or []))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._run, query, list(args or []))

    def close_idle(self) -> None:
        """Close the idle connections (tests and shutdown)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
