"""Declares the open data module (JSON API, CSV downloads, overview page; no tables)."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module


def routes() -> Sequence[Any]:
    """The open data API and pages (imported late, so the tables bind the right engine)."""
    from app.opendata import api, controllers

    return [*api.ROUTES, *controllers.ROUTES]


MODULE = Module(name="opendata", routes=routes)
