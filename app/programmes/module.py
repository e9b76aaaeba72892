"""Declares the programmes module to the platform: its tables, pages and JSON API."""

from app.modules import Module, Routes


def routes() -> Routes:
    """The programme pages and the programmes API (imported late, after the engine is chosen)."""
    from app.programmes import api, controllers

    return [*controllers.ROUTES, *api.ROUTES]


MODULE = Module(name="programmes", piccolo_app="app.programmes.piccolo_app", routes=routes)
