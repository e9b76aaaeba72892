"""Every sealed ballot (online cast, change, paper) is inserted by one statement per engine."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# The application's code; tests and benchmarks (which seed the box directly) are not channels,
# and migrations create the table.
SKIPPED = {"tests", "bench", "e2e", "node_modules", "piccolo_migrations", ".venv", "scripts"}
INSERT = re.compile(r'insert\s+(?:or\s+\w+\s+)?into\s+"?sealed_ballot"?', re.IGNORECASE)
ORM_WRITE = re.compile(r"(?<!class )\bSealedBallot\s*(?:\.\s*(?:insert|raw)\b|\()")


def _sources() -> list[Path]:
    return [
        path for path in ROOT.rglob("*.py") if not SKIPPED & set(path.relative_to(ROOT).parts[:-1])
    ]


def test_sealed_ballots_are_inserted_only_by_the_two_backends() -> None:
    """One INSERT in the SQLite store, one in the PostgreSQL store, no ORM write anywhere.

    A new channel that writes its own sealed-ballot rows (as paper batches once did with
    `SealedBallot.insert`) fails here: send it through `ballots.box.store.Backend`.
    """
    inserts: list[str] = []
    orm_writes: list[str] = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        inserts += [name for _ in INSERT.finditer(text)]
        orm_writes += [name for _ in ORM_WRITE.finditer(text)]
    assert sorted(inserts) == ["ballots/box/store_pg.py", "ballots/box/store_sqlite_sql.py"]
    assert orm_writes == []


def test_the_search_finds_the_writes_it_must_refuse() -> None:
    """The patterns catch the forms a second write path would take."""
    assert INSERT.search("INSERT INTO sealed_ballot (id) VALUES (?)")
    assert INSERT.search('insert or ignore into "sealed_ballot"')
    assert ORM_WRITE.search("await SealedBallot.insert(SealedBallot(id=x))")
    assert ORM_WRITE.search("SealedBallot.raw('...')")
    assert not ORM_WRITE.search("SealedBallot.select()")
    assert not ORM_WRITE.search("class SealedBallot(Table):")
