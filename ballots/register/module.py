"""Declares the voter register (eligibility source, register import, account binding)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from litestar.handlers import HTTPRouteHandler

from app.modules import Module


def _routes() -> Sequence[HTTPRouteHandler]:
    from ballots.register import controllers

    return [*controllers.ROUTES]


def _register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ballots.register import cli

    cli.register(subparsers)


async def _phase_facts(round_id: int) -> dict[str, bool]:
    from app.rounds.queries import round_by_id
    from ballots.register import queries

    kind = await queries.source_kind(round_id)
    view = await round_by_id(round_id)
    opened = view is not None and await queries.is_unverified_poll(round_id, view.phase)
    return {
        "eligibility_ready": kind != "",
        "unverified_poll": kind == queries.UNVERIFIED or opened,
    }


async def _unverified_polls(phase_by_round: dict[int, str]) -> set[int]:
    from ballots.register import queries

    return await queries.unverified_polls(phase_by_round)


def _digid_enabled() -> bool:
    from app.runtime import current_settings

    return bool(current_settings().oidc_issuer)


async def _demo() -> str:
    from ballots.register.demo import load_register_demo

    return await load_register_demo()


MODULE = Module(
    name="voter register",
    piccolo_app="ballots.register.piccolo_app",
    routes=_routes,
    cli=_register_cli,
    phase_facts=_phase_facts,
    unverified_polls=_unverified_polls,
    template_globals={"digid_enabled": _digid_enabled},
    demo=_demo,
)
