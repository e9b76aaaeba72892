"""Declares the ballot box (voting codes, casting, receipts) to the platform."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from litestar.handlers import HTTPRouteHandler

from app.modules import AccountSection, Module, Task

if TYPE_CHECKING:
    from app.accounts.permissions import Principal


def _routes() -> list[HTTPRouteHandler]:
    from ballots.box import (
        account_controllers,
        board_controllers,
        controllers,
        key_controllers,
        paper_controllers,
        staff_controllers,
    )

    return [
        *controllers.ROUTES,
        *account_controllers.ROUTES,
        *board_controllers.ROUTES,
        *staff_controllers.ROUTES,
        *paper_controllers.ROUTES,
        *key_controllers.ROUTES,
    ]


def _register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ballots.box import cli, key_cli

    cli.register(subparsers)
    key_cli.register(subparsers)


async def _phase_facts(round_id: int) -> dict[str, bool]:
    """Voting opens only once every share of the round's box key is confirmed."""
    from ballots.box import keys

    return {"box_key_ready": not await keys.shares_problem(round_id)}


async def _account_sections(user: Principal) -> Sequence[AccountSection]:
    from ballots.box.mine import sections_for

    return await sections_for(user)


async def _tasks(user: Principal) -> Sequence[Task]:
    from ballots.box.tasks import tasks_for

    return await tasks_for(user)


MODULE = Module(
    name="ballot box",
    piccolo_app="ballots.box.piccolo_app",
    routes=_routes,
    cli=_register_cli,
    phase_facts=_phase_facts,
    account_sections=_account_sections,
    tasks=_tasks,
)
