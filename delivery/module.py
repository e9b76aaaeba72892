"""Declares the delivery module: its tables, project pages, follower mail and `delivery` command."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from litestar.types import ControllerRouterHandler

from app.modules import Module, Panel


def routes() -> Sequence[ControllerRouterHandler]:
    """The project pages; importing them also subscribes the follower mail handler."""
    from delivery import controllers
    from delivery.notifications import register_handlers

    register_handlers()
    return controllers.ROUTES


def _register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from delivery import cli

    cli.register(subparsers)


def _status_word(status: str) -> str:
    from delivery.texts import status_word

    return status_word(status)


async def _personal_data(user_id: int) -> dict[str, object]:
    from delivery import queries

    return await queries.personal_data(user_id)


async def _area_panel(area: dict[str, Any]) -> dict[str, object] | None:
    from delivery.panels import area_panel

    return await area_panel(area)


async def _programme_panel(programme: Mapping[str, object]) -> dict[str, object] | None:
    from delivery.panels import programme_panel

    return await programme_panel(programme)


async def _demo() -> str:
    from delivery.demo import load_delivery_demo

    return await load_delivery_demo()


async def _on_certified(payload: Mapping[str, object]) -> None:
    """A certified result: a planned project per funded option (idempotent)."""
    from delivery.services import projects_from_certificate

    funded = payload["funded"]
    if not isinstance(funded, list):
        raise ValueError(f"result.certified without a funded list: {payload!r}")
    await projects_from_certificate(
        int(str(payload["round_id"])), int(str(payload["certificate_id"])), funded
    )


def _jobs() -> dict[str, object]:
    """No job kinds of its own; subscribing the mail handlers lets the job runner call them."""
    from delivery.notifications import register_handlers

    register_handlers()
    return {}


MODULE = Module(
    name="delivery",
    personal_data=_personal_data,
    piccolo_app="delivery.piccolo_app",
    routes=routes,
    jobs=_jobs,
    cli=_register_cli,
    template_globals={"project_status_word": _status_word},
    panels={
        "area": (Panel("delivery/_area_rounds.html", _area_panel),),
        "programme": (Panel("delivery/_programme_projects.html", _programme_panel),),
    },
    demo=_demo,
    reactions={"result.certified": _on_certified},
)
