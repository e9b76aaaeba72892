"""A comparable picture of every table, to prove a request changed nothing."""

from __future__ import annotations

from typing import Any

from piccolo.apps.migrations.tables import Migration
from piccolo.conf.apps import Finder

# Tables a refused or read-only request may still touch: session activity and throttles.
VOLATILE = {"account_session", "account_login_failure", "voting_code_failure"}


async def snapshot() -> dict[str, list[str]]:
    """Every row of every table, as sorted text, except the volatile tables."""
    picture: dict[str, list[str]] = {}
    for table in Finder().get_table_classes():
        name = table._meta.tablename
        if name in VOLATILE or table is Migration:
            continue
        rows: list[dict[str, Any]] = await table.select()
        picture[name] = sorted(repr(sorted(row.items())) for row in rows)
    return picture


def differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """The tables whose rows differ, with how many rows each side has."""
    return [
        f"{name}: {len(before.get(name, []))} -> {len(after.get(name, []))} rows"
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]
