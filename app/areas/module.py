"""Declares the areas module to the platform: its tables, pages and JSON API."""

from app.modules import Module, Routes


def routes() -> Routes:
    """The area pages and the areas API (imported late, so the tables bind the right engine)."""
    from app.areas import api, controllers

    return [*controllers.ROUTES, *api.ROUTES]


MODULE = Module(name="areas", piccolo_app="app.areas.piccolo_app", routes=routes)
