"""Declares the reporting module (dashboards, open data API and downloads; no tables of its own)."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module


def routes() -> Sequence[Any]:
    """The dashboard and open data pages (imported late, so the tables bind the right engine)."""
    from reporting.monitoring import controllers as dashboards
    from reporting.opendata import api, controllers

    return [*dashboards.ROUTES, *api.ROUTES, *controllers.ROUTES]


MODULE = Module(name="reporting", routes=routes)
