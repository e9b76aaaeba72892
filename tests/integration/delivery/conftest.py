"""Fixtures for delivery tests: the Groningen areas and programmes, browsers, follower mail."""

from __future__ import annotations

import pytest
from litestar import Litestar

from tests.integration.shared_fixtures import open_browser, places

__all__ = ["mail_handlers", "open_browser", "places"]  # pytest fixtures


@pytest.fixture(autouse=True)
def mail_handlers(app: Litestar) -> None:
    """The follower mail handler is subscribed (the app's routes do it; idempotent)."""
    from delivery.notifications import register_handlers

    register_handlers()
