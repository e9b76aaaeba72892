"""Fixtures for the account tests: the mail outbox, English pages, a clean throttle, areas."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

_LINK = re.compile(r"https?://\S+?(/account/[a-z-]+/[A-Za-z0-9_-]+)")


async def mail_links(email: str) -> list[str]:
    """The account links (paths) mailed to an address, oldest first (after the runner ran)."""
    from app.settings import get_settings
    from tests.support.jobs import run_jobs

    await run_jobs()
    outbox = get_settings().outbox_dir
    links = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        if message["To"] == email:
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            links += _LINK.findall(body.get_content())
    return links


@pytest.fixture
def outbox() -> Callable[[str], Awaitable[list[str]]]:
    """Read the links mailed to an address."""
    return mail_links


class StoppedClock:
    """A clock that moves only when a test moves it: back-offs never run out by themselves."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let this much time pass."""
        self.now += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def throttle_clock(monkeypatch: pytest.MonkeyPatch) -> StoppedClock:
    """The throttles' clock stands still, so a slow machine cannot end a back-off mid-test."""
    from app.accounts import throttle

    clock = StoppedClock()
    monkeypatch.setattr(throttle, "clock", clock)
    return clock


@pytest.fixture(autouse=True)
async def clean_throttle() -> AsyncIterator[None]:
    """Every test starts and ends without recorded login failures (they share one address)."""
    from app.accounts.tables import LoginFailure

    await LoginFailure.delete(force=True)
    yield
    await LoginFailure.delete(force=True)


@pytest.fixture
async def english(client: AsyncTestClient[Litestar]) -> AsyncTestClient[Litestar]:
    """The client with English chosen, for assertions on message text."""
    client.cookies.set("wijkstem_lang", "en")
    return client


@pytest.fixture
async def neighbourhood() -> dict[str, str]:
    """A neighbourhood row with a unique code, straight in the areas table."""
    from app.areas.tables import Area

    code = f"WK9{secrets.randbelow(10**5):05d}"
    await Area.insert(
        Area(level="neighbourhood", code=code, name=f"Testwijk {code}", valid_from=date(2019, 1, 1))
    )
    return {"code": code, "name": f"Testwijk {code}"}
