"""`wijkstem backup` and `wijkstem restore`: a consistent copy of the database, and back.

SQLite is copied with its online backup API (a consistent snapshot while the site runs);
PostgreSQL with `pg_dump` in its custom format (one snapshot), restored with `pg_restore`.
A restore goes only into an empty database, so it can never mix two databases.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from app.settings import Settings

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _pg_tool(name: str) -> str:
    for version in ("17", "16", "15"):
        candidate = Path(f"/usr/lib/postgresql/{version}/bin/{name}")
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    parsed = urlparse(url)
    args = [
        "--host",
        parsed.hostname or "127.0.0.1",
        "--port",
        str(parsed.port or 5432),
        "--username",
        unquote(parsed.username or "postgres"),
        "--dbname",
        (parsed.path or "/wijkstem").lstrip("/"),
    ]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = unquote(parsed.password)  # never on the command line
    return args, env


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return done.stdout


def backup(settings: Settings, out: Path) -> None:
    """Write a consistent copy of the database to `out` (never over an existing file)."""
    if out.exists():
        raise BackupError(f"{out} exists already; choose a new file name")
    partial = out.with_name(out.name + ".part")
    partial.unlink(missing_ok=True)
    if settings.is_postgres:
        args, env = _pg_args(settings.database_url)
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", *args, "--file", str(partial)],
            env,
        )
    else:
        source = sqlite3.connect(f"file:{settings.sqlite_path}?mode=ro", uri=True, timeout=30)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # one step: a snapshot, even while others write
        finally:
            target.close()
            source.close()
    partial.chmod(0o600)
    partial.replace(out)


def _pg_is_empty(settings: Settings, env: dict[str, str], args: list[str]) -> bool:
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    out = _run([_pg_tool("psql"), *args, "--tuples-only", "--no-align", "--command", sql], env)
    return out.strip() == "0"


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(path) as db:
        return bool(db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0)


def restore(settings: Settings, source: Path) -> None:
    """Load a backup into the configured database, which must be empty."""
    try:
        head = source.read_bytes()[:16]
    except OSError as exc:
        raise BackupError(f"cannot read {source}: {exc.strerror}") from exc
    if settings.is_postgres:
        if not head.startswith(PG_MAGIC):
            raise BackupError("this is not a PostgreSQL backup (pg_dump custom format)")
        args, env = _pg_args(settings.database_url)
        if not _pg_is_empty(settings, env, args):
            raise BackupError("the database is not empty; restore only into a new database")
        restore_args = ["--no-owner", "--exit-on-error", "--single-transaction", *args]
        _run([_pg_tool("pg_restore"), *restore_args, str(source)], env)
        return
    if not head.startswith(SQLITE_MAGIC):
        raise BackupError("this is not an SQLite backup")
    path = settings.sqlite_path
    if not _sqlite_is_empty(path):
        raise BackupError(f"{path} is not empty; restore only into a new database")
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy, sqlite3.connect(path) as db:
        copy.backup(db)
        db.execute("PRAGMA journal_mode=WAL")
