"""Fixtures the deliberation, ballot-list and delivery tests share (imported by their conftests)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar

from tests.integration.deliberation.world import Browsers, browsers


@pytest.fixture(scope="module", autouse=True)
async def places() -> None:
    """The Groningen demo area tree with its postcodes and 2026 programmes (idempotent)."""
    from app.demo import load_places

    await load_places()


@pytest.fixture
async def open_browser(app: Litestar) -> AsyncIterator[Browsers]:
    """Open a signed-in client for an account (or an anonymous one)."""
    async for factory in browsers(app):
        yield factory
