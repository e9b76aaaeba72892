"""Declares the ballots module: the ballot list pages, the counting engine and `tally`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from litestar.handlers import HTTPRouteHandler

from app.modules import Module


def _register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ballots import tally_cli

    tally_cli.register(subparsers)


def routes() -> Sequence[HTTPRouteHandler]:
    """The ballot list pages (imported late, after the engine is chosen)."""
    from ballots import controllers

    return [*controllers.ROUTES]


async def _phase_facts(round_id: int) -> dict[str, bool]:
    from ballots import queries

    return await queries.phase_facts(round_id)


MODULE = Module(
    name="ballots",
    piccolo_app="ballots.piccolo_app",
    routes=routes,
    cli=_register_cli,
    phase_facts=_phase_facts,
)
