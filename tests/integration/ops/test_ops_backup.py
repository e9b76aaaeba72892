"""A backup taken while people vote restores into a fresh database whole and consistent."""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.integration.box.conftest import create_round
from tests.support.box import SHARES


async def _cast_many(round_id: int, codes: list[str]) -> list[str]:
    """Cast one ballot per code through the box services; the receipts acknowledged."""
    from ballots.box import services
    from ballots.counting import Ballot

    page = await services.ballot_page(round_id)
    assert page is not None
    receipts = []
    for code in codes:
        check = await services.verify_code(round_id, code, "10.9.9.9")
        assert check.voter is not None
        cast = await services.cast_ballot(page, check.voter, Ballot(projects=("P1", "P3")))
        assert cast.value is not None, cast
        receipts.append(cast.value.tracker)
        await asyncio.sleep(0)
    return receipts


async def _fresh_database(tmp_path: Path) -> str:
    from app.settings import get_settings

    settings = get_settings()
    if not settings.is_postgres:
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    import asyncpg

    name = f"restored_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(settings.database_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return settings.database_url.rsplit("/", 1)[0] + f"/{name}"


async def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return list(db.execute(sql).fetchall())
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await conn.fetch(sql)]
    finally:
        await conn.close()


async def _opened(round_id: int, sealed: list[str]) -> list[Any]:
    """The sealed ballots of a copy, opened with the tests' shares of the round's key."""
    from ballots.box import sealing
    from ballots.box.tables import KeyShare

    rows = await KeyShare.select(KeyShare.commitment).where(KeyShare.round == round_id)
    key = sealing.combine(round_id, SHARES[round_id][:2], [r["commitment"] for r in rows], 2)
    return [sealing.opener(key)(text) for text in sealed]


def _wijkstem(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from app.settings import get_settings
    from ballots.results import signing

    signing.private_key()  # the municipality's key: a restore checks certificates against it
    key = signing.signing_key_path(get_settings())
    env = {
        **os.environ,
        "WIJKSTEM_DATABASE_URL": url,
        "WIJKSTEM_DATA_DIR": str(data_dir),
        "WIJKSTEM_SIGNING_KEY_FILE": str(key),
    }
    command = [sys.executable, "-m", "app", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow
async def test_a_backup_during_voting_restores_whole(tmp_path: Path) -> None:
    """Ballots acknowledged before the backup, accounts, certificates and the audit chain."""
    from app.backup import backup
    from app.settings import get_settings
    from ballots.box.issuing import generate_codes

    round_id = await create_round()
    made = await generate_codes(round_id, count=60, actor="test")
    assert made.value is not None, made
    issued = [item.code for item in made.value]
    before = await _cast_many(round_id, issued[:20])
    out = tmp_path / "wijkstem.backup"
    voting = asyncio.create_task(_cast_many(round_id, issued[20:]))
    await asyncio.sleep(0.05)
    await anyio.to_thread.run_sync(backup, get_settings(), out)
    during = await voting
    url = await _fresh_database(tmp_path)
    restored = await anyio.to_thread.run_sync(_wijkstem, url, tmp_path, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert "ok:" in restored.stdout  # the audit chain of the copy verifies
    plain = await _rows(url, f'SELECT receipt FROM ballot WHERE "round" = {round_id}')  # noqa: S608 (an int)
    assert plain == []  # a backup taken during voting holds sealed ballots only
    ballots = await _rows(
        url,
        f"SELECT sealed FROM sealed_ballot WHERE \"round\" = {round_id} AND status = 'active'",  # noqa: S608 (an int)
    )
    receipts = {row.tracker for row in await _opened(round_id, [str(r[0]) for r in ballots])}
    assert set(before) <= receipts <= set(before) | set(during)
    (participations,) = await _rows(
        url,
        f'SELECT count(*) FROM ballot_participation WHERE "round" = {round_id}',  # noqa: S608
    )
    assert participations[0] == len(ballots)  # nothing half-written
    for table in ("account_user", "result_certificate", "audit_event"):
        (copied,) = await _rows(url, f"SELECT count(*) FROM {table}")  # noqa: S608
        (live,) = await _rows(_live_url(), f"SELECT count(*) FROM {table}")  # noqa: S608
        assert copied == live, table
    again = await anyio.to_thread.run_sync(_wijkstem, url, tmp_path, "restore", str(out))
    assert again.returncode != 0 and "not empty" in again.stderr
    refused = await anyio.to_thread.run_sync(_wijkstem, url, tmp_path, "backup", "--out", str(out))
    assert refused.returncode != 0 and "exists already" in refused.stderr


def _live_url() -> str:
    from app.settings import get_settings

    settings = get_settings()
    return settings.database_url or f"sqlite:///{settings.sqlite_path}"
