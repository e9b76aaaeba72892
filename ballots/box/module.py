"""Declares the ballot box (voting codes, casting, receipts) to the platform."""

from collections.abc import Sequence
from typing import Any

from app.modules import Module


def _routes() -> list[Any]:
    from ballots.box import (
        account_controllers,
        board_controllers,
        controllers,
        paper_controllers,
        staff_controllers,
    )

    return [
        *controllers.ROUTES,
        *account_controllers.ROUTES,
        *board_controllers.ROUTES,
        *staff_controllers.ROUTES,
        *paper_controllers.ROUTES,
    ]


def _register_cli(subparsers: Any) -> None:
    from ballots.box import cli

    cli.register(subparsers)


async def _account_sections(user: Any) -> Sequence[Any]:
    from ballots.box.mine import sections_for

    return await sections_for(user)


MODULE = Module(
    name="ballot box",
    piccolo_app="ballots.box.piccolo_app",
    routes=_routes,
    cli=_register_cli,
    account_sections=_account_sections,
)
