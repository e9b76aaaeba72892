"""Declares the initiatives module: tables, pages, API, panels, demo and its command."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence

from litestar.types import ControllerRouterHandler

from app.i18n import _
from app.modules import Module, NavLink, Panel
from app.web.types import TemplateContext


def routes() -> Sequence[ControllerRouterHandler]:
    """The initiative pages, finance pages and open data (imported late: engine first)."""
    from initiatives import api, controllers, finance_controllers

    return [*controllers.ROUTES, *finance_controllers.ROUTES, *api.ROUTES]


def _register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from initiatives import cli

    cli.register(subparsers)


async def _area_panel(area: Mapping[str, object]) -> TemplateContext | None:
    from initiatives.panels import area_panel

    return await area_panel(area)


async def _programme_panel(programme: Mapping[str, object]) -> TemplateContext | None:
    from initiatives.panels import programme_panel

    return await programme_panel(programme)


async def _monitor_panel(subject: Mapping[str, object]) -> TemplateContext | None:
    from initiatives.panels import monitor_panel

    return await monitor_panel(subject)


async def _demo() -> str:
    from initiatives.demo import load_initiatives_demo

    return await load_initiatives_demo()


async def _line_commitments(line_id: int) -> int:
    from initiatives import queries

    found = await queries.fund_for_line(line_id)
    return 0 if found is None else await queries.committed_on(found.id)


def _status_word(status: str) -> str:
    from initiatives.texts import status_word

    return status_word(status)


MODULE = Module(
    name="initiatives",
    piccolo_app="initiatives.piccolo_app",
    routes=routes,
    cli=_register_cli,
    template_globals={"initiative_status_word": _status_word},
    panels={
        "area": (Panel("initiatives/_panel.html", _area_panel),),
        "programme": (Panel("initiatives/_panel.html", _programme_panel),),
        "monitor": (Panel("initiatives/_monitor.html", _monitor_panel),),
    },
    demo=_demo,
    line_commitments=_line_commitments,
    nav=(
        NavLink(
            route="initiatives_index",
            label=lambda: _("Initiatives"),
            testid="initiatives",
            home_heading=lambda: _("Residents' initiatives"),
            home_text=lambda: _(
                "Do you have a plan for your street or buurt and will you carry it out "
                "yourself with neighbours? Ask for a contribution at any time of the year."
            ),
            home_link=lambda: _("See the initiatives and apply"),
        ),
    ),
)
