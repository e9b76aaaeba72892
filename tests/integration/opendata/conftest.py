"""Open data tests use the monitoring tests' small municipality."""

from tests.integration.monitoring.conftest import make_world

__all__ = ["make_world"]
