"""The database engine, chosen from the settings before any table is imported."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from app.settings import Settings, get_settings
from app.sqlite_pool import PooledSQLiteEngine


def make_engine(settings: Settings) -> Engine[Any]:
    """Build the Piccolo engine the settings ask for."""
    if settings.is_postgres:
        url = urlparse(settings.database_url)
        return PostgresEngine(
            config={
                "host": url.hostname or "127.0.0.1",
                "port": url.port or 5432,
                "user": unquote(url.username or "postgres"),
                "password": unquote(url.password or ""),
                "database": (url.path or "/wijkstem").lstrip("/"),
            }
        )
    path = settings.sqlite_path
    private_files(path)
    return PooledSQLiteEngine(path=str(path), timeout=30, factory=SecureConnection)


class SecureConnection(sqlite3.Connection):
    """A SQLite connection that overwrites deleted content instead of leaving it in free pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute("PRAGMA secure_delete=ON")
        self.execute("PRAGMA journal_size_limit=0")


def private_files(path: Path) -> None:
    """Create the data directory 0700 and make the database, WAL and uploads 0600 from now on.

    The umask (077) covers every file this process creates later: the database, its -wal and
    -shm files, the writer lock and uploads.
    """
    os.umask(0o077)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            candidate.chmod(0o600)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the database and truncate it to zero bytes (SQLite only)."""
    conn = sqlite3.connect(str(path), timeout=30, factory=SecureConnection)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


async def after_bulk_write() -> None:
    """After a count or an opening: no copy of the old pages stays in the WAL (SQLite)."""
    if isinstance(DB, SQLiteEngine):
        import anyio

        await anyio.to_thread.run_sync(checkpoint, get_settings().sqlite_path)


# Piccolo binds every table to this engine when the table is imported: one database per process.
DB: Engine[Any] = make_engine(get_settings())


def engine_for(settings: Settings) -> Engine[Any]:
    """The engine for these settings: the tables' engine, which must serve the same database."""
    if settings.database_url != get_settings().database_url or (
        not settings.is_postgres and settings.sqlite_path != get_settings().sqlite_path
    ):
        raise ValueError(
            "one process serves one database: the tables are bound to it when they are imported"
        )
    return DB


def is_sqlite() -> bool:
    """Whether the engine in use is SQLite."""
    return isinstance(DB, SQLiteEngine)


def transaction() -> Any:
    """A write transaction: IMMEDIATE on SQLite (no failing lock upgrades), plain on PostgreSQL."""
    if isinstance(DB, SQLiteEngine):
        return DB.transaction(transaction_type=TransactionType.immediate)
    return DB.transaction()


async def keep_session(connection: Any) -> None:
    """Release a pooled connection without asyncpg's reset query, a second round trip per query.

    Nothing here changes session state (no SET, LISTEN, cursors or session advisory locks:
    only `pg_advisory_xact_lock`), and asyncpg still rolls back a transaction left open.
    """


async def start_pool() -> None:
    """Open the PostgreSQL connection pool (a no-op on SQLite)."""
    if isinstance(DB, PostgresEngine):
        size = get_settings().db_pool_max
        await DB.start_connection_pool(min_size=min(2, size), max_size=size, reset=keep_session)


async def close_pool() -> None:
    """Close the PostgreSQL connection pool, or SQLite's idle connections."""
    if isinstance(DB, PostgresEngine):
        await DB.close_connection_pool()
    elif isinstance(DB, PooledSQLiteEngine):
        DB.close_idle()


# What a unique index raises when a concurrent request won the race, on either engine; SQLite
# raises the same class for other constraints, so check with `is_duplicate` and re-raise the rest.
DUPLICATE_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.IntegrityError,
    asyncpg.UniqueViolationError,
)


def is_duplicate(error: BaseException) -> bool:
    """Whether a database error is a unique-key conflict (and not another constraint)."""
    if isinstance(error, asyncpg.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)
