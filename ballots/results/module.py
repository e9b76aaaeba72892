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


async def _tasks(user: Any) -> Sequence[Any]:
    from ballots.results.tasks import tasks_for

    return await tasks_for(user)


MODULE = Module(
    name="results",
    tasks=_tasks,
    piccolo_app="ballots.results.piccolo_app",
    routes=_routes,
    cli=_register_cli,
    on_startup=(_start_worker,),
    on_shutdown=(_stop_worker,),
)
