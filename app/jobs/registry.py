"""Which handler runs which kind of job: every module declares its handlers in `module.py`."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class JobView:
    """A claimed job as its handler sees it."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int

    @property
    def last_attempt(self) -> bool:
        """Whether a failure now is final (no retry follows)."""
        return self.attempts >= self.max_attempts

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> JobView:
        """Build the view from a `job` row."""
        return cls(
            id=int(row["id"]),
            kind=str(row["kind"]),
            payload=dict(json.loads(row["payload"] or "{}")),
            attempts=int(row["attempts"]),
            max_attempts=int(row["max_attempts"]),
        )


JobHandler = Callable[[JobView], Awaitable[None]]


@lru_cache(maxsize=1)
def handlers() -> dict[str, JobHandler]:
    """Every module's job handlers by kind (loaded once, on first use)."""
    from app.modules import load_modules

    found: dict[str, JobHandler] = {}
    for module in load_modules():
        if module.jobs is not None:
            found.update(module.jobs())
    return found
