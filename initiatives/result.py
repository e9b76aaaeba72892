"""The one answer of every initiatives use case: a value, or problems keyed by field.

A refusal that is not about a form field uses a reserved key: `_login` (sign in first),
`_forbidden` (not allowed), `_missing` (no such thing). Controllers map these to a response
in one place (`controllers.respond`); no HTTP status lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

LOGIN = "_login"
FORBIDDEN = "_forbidden"
MISSING = "_missing"


@dataclass(frozen=True)
class Result(Generic[T]):
    """`ok` with a value, or the problems (nothing was stored)."""

    value: T | None = None
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the use case worked."""
        return not self.problems

    @property
    def message(self) -> str:
        """The first problem, for a page that shows one line."""
        return next(iter(self.problems.values()), "")


def success(value: T) -> Result[T]:
    """The use case worked and answers this value."""
    return Result(value=value)


def problems(found: dict[str, str]) -> Result[T]:
    """The use case stored nothing, for these reasons."""
    return Result(problems=dict(found))


def refusal(key: str, message: str) -> Result[T]:
    """A refusal under one of the reserved keys."""
    return Result(problems={key: message})
