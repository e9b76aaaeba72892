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


def _jobs() -> dict[str, Any]:
    from ballots.results.jobs import KIND, count_job

    return {KIND: count_job}


async def _audit_anchors() -> list[Any]:
    from ballots.results import queries

    return list(await queries.audit_anchors())


async def _tasks(user: Any) -> Sequence[Any]:
    from ballots.results.tasks import tasks_for

    return await tasks_for(user)


async def _demo() -> str:
    from ballots.results.demo import load_results_demo

    return await load_results_demo()


MODULE = Module(
    name="results",
    tasks=_tasks,
    piccolo_app="ballots.results.piccolo_app",
    routes=_routes,
    cli=_register_cli,
    jobs=_jobs,
    audit_anchors=_audit_anchors,
    demo=_demo,
)
