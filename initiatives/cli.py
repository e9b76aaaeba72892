"""The `wijkstem initiatives` command: tick (for cron), audit-draw, demo."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Any


def _run(work: Callable[[], Coroutine[Any, Any, int]]) -> int:
    async def wrapped() -> int:
        from app.db import close_pool, start_pool

        await start_pool()
        try:
            return await work()
        finally:
            await close_pool()

    return asyncio.run(wrapped())


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `initiatives tick`, `initiatives audit-draw` and `initiatives demo` to the CLI."""
    parser = subparsers.add_parser("initiatives", help="residents' initiatives")
    actions = parser.add_subparsers(dest="initiatives_command", metavar="ACTION")
    actions.required = True
    actions.add_parser(
        "tick", help="escalate late decisions, send report reminders, apply retention (cron)"
    ).set_defaults(func=cmd_tick)
    draw = actions.add_parser(
        "audit-draw", help="draw a share of a quarter's accounted initiatives for an audit (JSON)"
    )
    draw.add_argument("area_code", metavar="AREA_CODE")
    draw.add_argument("--quarter", required=True, help="for example 2026Q4")
    draw.add_argument("--percent", type=int, required=True, help="share to draw, 1 to 100")
    draw.add_argument("--seed", required=True, help="the published seed")
    draw.set_defaults(func=cmd_audit_draw)
    actions.add_parser("demo", help="initiatives in every status (idempotent)").set_defaults(
        func=cmd_demo
    )


def cmd_tick(args: argparse.Namespace) -> int:
    """Run the daily steps and print what they did."""

    async def work() -> int:
        from initiatives.tick import tick

        print((await tick()).line())
        return 0

    return _run(work)


def cmd_audit_draw(args: argparse.Namespace) -> int:
    """Draw (or show again) a quarter's audit sample and print it as JSON."""

    async def work() -> int:
        from initiatives.finance import audit_draw

        result = await audit_draw(args.area_code, args.quarter, args.percent, args.seed)
        if not result.ok:
            print(f"wijkstem: error: {result.message}", file=sys.stderr)
            return 1
        print(json.dumps(result.value, indent=2, sort_keys=True))
        return 0

    return _run(work)


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the initiatives demo."""

    async def work() -> int:
        from initiatives.demo import load_initiatives_demo

        print(await load_initiatives_demo())
        return 0

    return _run(work)
