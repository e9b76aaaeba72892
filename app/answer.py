"""The one answer of every use case: a value, or problems keyed by field (no HTTP status here).

A problem that is not about one form field uses a reserved key: `_login` (sign in first),
`_forbidden` (not allowed), `_missing` (no such thing), `_conflict` (the state changed or the
thing exists already), `_form` (the request as a whole), `_throttled` (too many tries, wait),
`_failed` (could not be done, try again). Controllers turn an answer into a response in one
place, `app.web.answers`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")

# Problems of a form: a message per field name (or a reserved key below).
Problems = dict[str, str]

LOGIN = "_login"
FORBIDDEN = "_forbidden"
MISSING = "_missing"
CONFLICT = "_conflict"
FORM = "_form"
THROTTLED = "_throttled"
FAILED = "_failed"
RESERVED = (LOGIN, FORBIDDEN, MISSING, CONFLICT, FORM, THROTTLED, FAILED)


@dataclass(frozen=True)
class Answer(Generic[T]):
    """`ok` with a value, or the problems (nothing was stored)."""

    value: T | None = None
    problems: Problems = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the use case worked."""
        return not self.problems

    @property
    def message(self) -> str:
        """The first problem, for a page that shows one line."""
        return next(iter(self.problems.values()), "")

    @property
    def reason(self) -> str:
        """The reserved key of a refusal, or "" (worked, or problems with form fields)."""
        return next((key for key in RESERVED if key in self.problems), "")

    @property
    def field_problems(self) -> Problems:
        """The problems that belong to a form field."""
        return {key: text for key, text in self.problems.items() if key not in RESERVED}


def done(value: T | None = None) -> Answer[T]:
    """The use case worked and answers this value."""
    return Answer(value=value)


def invalid(problems: Problems) -> Answer[T]:
    """The use case stored nothing because of these problems (keyed by field)."""
    return Answer(problems=dict(problems))


def refused(reason: str, message: str) -> Answer[T]:
    """A refusal for one of the reserved reasons, with a message for the person."""
    return Answer(problems={reason: message})


def answering(use_case: Callable[P, Awaitable[Problems]]) -> Callable[P, Awaitable[Answer[None]]]:
    """Turn a use case written to return its problems ({} when it worked) into one that answers."""

    @functools.wraps(use_case)
    async def answer(*args: P.args, **kwargs: P.kwargs) -> Answer[None]:
        problems = await use_case(*args, **kwargs)
        return invalid(problems) if problems else done()

    return answer
