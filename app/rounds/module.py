"""Declares the rounds module to the platform: its table, pages and `rounds` command."""

from collections.abc import Sequence

from app.accounts.permissions import Principal
from app.modules import Module, Routes, Subcommands, Task


def routes() -> Routes:
    """The round pages (imported late, after the engine is chosen)."""
    from app.rounds import controllers

    return controllers.ROUTES


def _register_cli(subparsers: Subcommands) -> None:
    from app.rounds import cli

    cli.register(subparsers)


async def _tasks(user: Principal) -> Sequence[Task]:
    from app.rounds.tasks import tasks_for

    return await tasks_for(user)


async def _demo() -> str:
    from app.rounds.demo import load_rounds_demo

    return await load_rounds_demo()


MODULE = Module(
    name="rounds",
    piccolo_app="app.rounds.piccolo_app",
    routes=routes,
    cli=_register_cli,
    tasks=_tasks,
    demo=_demo,
)
