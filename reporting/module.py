"""Declares the reporting module (dashboards, open data API and downloads; no tables of its own)."""

from app.modules import Module, Routes


def routes() -> Routes:
    """The dashboard and open data pages (imported late, so the tables bind the right engine)."""
    from reporting.monitoring import controllers as dashboards
    from reporting.opendata import api, controllers

    return [*dashboards.ROUTES, *api.ROUTES, *controllers.ROUTES]


MODULE = Module(name="reporting", routes=routes)
