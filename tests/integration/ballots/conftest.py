"""Fixtures for ballot list tests: the Groningen areas and signed-in browsers per account."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar

from tests.integration.deliberation.world import Browsers, browsers


@pytest.fixture(scope="module", autouse=True)
async def places() -> None:
    """The Groningen demo area tree with its postcodes (idempotent)."""
    from app.demo import load_places

    await load_places()


@pytest.fixture
async def open_browser(app: Litestar) -> AsyncIterator[Browsers]:
    """Open a signed-in client for an account (or an anonymous one)."""
    async for factory in browsers(app):
        yield factory
