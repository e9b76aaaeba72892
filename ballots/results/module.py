"""Declares the results module (counting, certification, export) to the platform."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from litestar.handlers import HTTPRouteHandler

from app.modules import Module, Task

if TYPE_CHECKING:
    from app.accounts.permissions import Principal
    from app.audit.chain import Anchor
    from app.jobs.registry import JobView


def _routes() -> Sequence[HTTPRouteHandler]:
    from ballots.results import controllers

    return [*controllers.ROUTES]


def _register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ballots.results import cli

    cli.register(subparsers)


def _jobs() -> dict[str, Callable[[JobView], Awaitable[None]]]:
    from ballots.results.jobs import KIND, count_job

    return {KIND: count_job}


async def _audit_anchors() -> list[Anchor]:
    from ballots.results import queries

    return list(await queries.audit_anchors())


async def _tasks(user: Principal) -> Sequence[Task]:
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
