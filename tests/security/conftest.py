"""The security suite: one demo world shared by every check, and the figures it prints.

`make security` runs everything (with the browser XSS run and API fuzzing) and prints
`routes: …; checked: …; wrong_grants: 0; csrf_missing: 0; xss_executed: 0; server_errors: 0`.
The fast part runs inside `make test`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.conftest import app, migrated  # noqa: F401 - shared fixtures
from tests.security import figures, logs
from tests.security.world import World, build_world


@pytest.fixture(scope="session")
async def world(app: Any, migrated: None) -> AsyncIterator[World]:  # noqa: F811
    """The demo data with an account per role and area; built once per run."""
    from app.accounts.tables import LoginFailure
    from ballots.box import services

    built = await build_world(app)
    yield built
    await built.close()
    await LoginFailure.delete(force=True)
    services.forget_caches()


@pytest.fixture(autouse=True)
async def no_throttle(app: Any) -> AsyncIterator[None]:  # noqa: F811
    """Refused attempts of one check must not throttle the next one; logs stay captured."""
    from app.accounts.tables import LoginFailure
    from ballots.box.tables import CodeFailure

    logs.install()
    yield
    await LoginFailure.delete(force=True)
    await CodeFailure.delete(force=True)


def pytest_configure(config: pytest.Config) -> None:
    """Capture every log record of the run, for the privacy scan at its end."""
    logs.install()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The log scan runs last; the slow checks (a browser, a fuzzer) only under `make security`."""
    items.sort(key=lambda item: "test_logs" in item.path.name)
    if figures.FULL:
        return
    skip = pytest.mark.skip(reason="runs under `make security` (WIJKSTEM_SECURITY_FULL=1)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the suite's one line of figures."""
    terminalreporter.write_line(figures.line())
