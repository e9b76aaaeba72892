"""The answer of a deliberation or ballot use case: done (with an id) or refused with a reason."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

# What a unique index raises when a concurrent request won the race, on either engine.
DUPLICATES = (sqlite3.IntegrityError, asyncpg.UniqueViolationError)


@dataclass(frozen=True)
class Outcome:
    """`ok` with an optional id, or a refusal: an HTTP status and a message for the person."""

    ok: bool
    status: int = 200
    message: str = ""
    value: int | None = None
    problems: dict[str, str] = field(default_factory=dict)


def done(value: int | None = None) -> Outcome:
    """The use case worked."""
    return Outcome(ok=True, value=value)


def refused(status: int, message: str) -> Outcome:
    """The use case changed nothing, for this reason."""
    return Outcome(ok=False, status=status, message=message)


def invalid(problems: dict[str, str]) -> Outcome:
    """The form had problems (keyed by field); nothing was stored."""
    return Outcome(
        ok=False, status=400, message=next(iter(problems.values()), ""), problems=problems
    )
