"""Declares the monitoring module (dashboards and their CSV downloads; no tables of its own)."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module


def routes() -> Sequence[Any]:
    """The dashboard pages (imported late, so the tables bind the right engine)."""
    from app.monitoring import controllers

    return controllers.ROUTES


MODULE = Module(name="monitoring", routes=routes)
