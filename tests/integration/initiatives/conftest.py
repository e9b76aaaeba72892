"""Fixtures for initiative tests: the Groningen areas and programmes, signed-in browsers."""

from __future__ import annotations

from tests.integration.shared_fixtures import open_browser, places

__all__ = ["open_browser", "places"]  # pytest fixtures
