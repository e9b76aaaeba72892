"""Fixtures for ballot list tests: the Groningen areas and signed-in browsers per account."""

from tests.integration.shared_fixtures import open_browser, places

__all__ = ["open_browser", "places"]  # pytest fixtures, shared with deliberation and delivery
