"""What the composition root builds from one Settings object, and the one that is current.

`create_app(settings)` and each CLI command build a `Runtime` (settings, engine, password
hasher, mailer) and make it current for the code they run: the web application per request
(middleware) and for its background job runner, a command for its whole run. Code below the
composition root asks `current()` or `current_settings()`; it never reads the environment.
Two applications with different settings can so serve requests in one process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from piccolo.engine.base import Engine

from app.mail import Mailer
from app.settings import Settings


@dataclass(frozen=True)
class Runtime:
    """The parts built from one Settings object."""

    settings: Settings
    engine: Engine[Any]
    hasher: PasswordHasher
    mailer: Mailer


def make_hasher(settings: Settings) -> PasswordHasher:
    """argon2id with the settings' profile (the cheap one only for tests, never in production)."""
    if settings.argon2_profile == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()  # argon2id, 64 MiB, t=3, p=4 (above the OWASP floor)


def build(settings: Settings) -> Runtime:
    """Build every part from the settings (the engine is the one the tables are bound to)."""
    from app.db import engine_for

    return Runtime(
        settings=settings,
        engine=engine_for(settings),
        hasher=make_hasher(settings),
        mailer=Mailer(settings),
    )


_CURRENT: ContextVar[Runtime | None] = ContextVar("wijkstem_runtime", default=None)
_PROCESS: list[Runtime] = []


def current() -> Runtime:
    """The runtime of the application or command this code runs in."""
    found = _CURRENT.get()
    if found is not None:
        return found
    if not _PROCESS:  # a script or test that built no application: the tables' settings
        from app.db import BOUND_SETTINGS

        _PROCESS.append(build(BOUND_SETTINGS))
    return _PROCESS[0]


def current_settings() -> Settings:
    """The settings of the application or command this code runs in."""
    return current().settings


def install(runtime: Runtime) -> None:
    """Make the runtime the process default, unless an earlier one is (the first app wins)."""
    if not _PROCESS:
        _PROCESS.append(runtime)


def activate(runtime: Runtime) -> None:
    """Make the runtime current in this task and in the tasks it starts from now on."""
    _CURRENT.set(runtime)


@contextmanager
def using(runtime: Runtime) -> Iterator[Runtime]:
    """Make the runtime current for the code inside the `with` block."""
    token = _CURRENT.set(runtime)
    try:
        yield runtime
    finally:
        _CURRENT.reset(token)
