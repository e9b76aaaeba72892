"""Declares the results module (counting, certification, export) to the platform."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module


def _routes() -> Sequence[Any]:
    from ballots.results import controllers

    return [*controllers.ROUTES]


def _register_cli(subparsers: Any) -> None:
    from ballots.results import cli

    cli.register(subparsers)


async def _start_worker() -> None:
    from ballots.results.background import start_worker

    await start_worker()


async def _stop_worker() -> None:
    from ballots.results.background import stop_worker

    await stop_worker()


async def _audit_anchors() -> list[Any]:
    from ballots.results import queries

    return list(await queries.audit_anchors())


MODULE = Module(
    name="results",
    piccolo_app="ballots.results.piccolo_app",
    routes=_routes,
    cli=_register_cli,
    on_startup=(_start_worker,),
    on_shutdown=(_stop_worker,),
    audit_anchors=_audit_anchors,
)
