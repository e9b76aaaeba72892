"""The `wijkstem register` commands: import a register extract, or run an unverified poll."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path


async def _with_db(work: Callable[[], Awaitable[int]]) -> int:
    from app.db import close_pool, start_pool

    await start_pool()
    try:
        return await work()
    finally:
        await close_pool()


def cmd_import(args: argparse.Namespace) -> int:
    """Import an extract; print every bad line and import nothing while one is bad."""
    from ballots.register import services

    try:
        text = Path(args.csv).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"wijkstem: error: cannot read {args.csv}: {exc}", file=sys.stderr)
        return 2

    async def work() -> int:
        answer = await services.import_register(
            args.round_id, text, actor="cli", min_age=args.min_age, admits=args.admits
        )
        if answer.value is None:
            for message in answer.problems.values():
                print(f"wijkstem: error: {message}", file=sys.stderr)
            print("nothing was imported", file=sys.stderr)
            return 1
        counts = answer.value
        print(
            f"imported {counts.imported} register entries for round {args.round_id} "
            f"({counts.too_young} under {args.min_age}, {counts.outside} outside the area left out)"
        )
        return 0

    return asyncio.run(_with_db(work))


def cmd_unverified(args: argparse.Namespace) -> int:
    """Mark a round as an unverified poll (no register)."""
    from ballots.register import services

    async def work() -> int:
        answer = await services.mark_unverified(args.round_id, actor="cli")
        if not answer.ok:
            print(f"wijkstem: error: {answer.message}", file=sys.stderr)
            return 1
        print(f"round {args.round_id} is an unverified poll")
        return 0

    return asyncio.run(_with_db(work))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `register import ROUND_ID --csv FILE` and `register unverified ROUND_ID`."""
    parser = subparsers.add_parser("register", help="the voter register of a round")
    actions = parser.add_subparsers(dest="register_command", metavar="ACTION")
    actions.required = True
    imp = actions.add_parser("import", help="import a register extract (BRP selection) as CSV")
    imp.add_argument("round_id", type=int, metavar="ROUND_ID")
    imp.add_argument("--csv", required=True, metavar="FILE", help="the extract (UTF-8 CSV)")
    imp.add_argument("--min-age", type=int, default=16, choices=(12, 16, 18))
    imp.add_argument(
        "--admits", default="residents", choices=("residents", "residents+entrepreneurs")
    )
    imp.set_defaults(func=cmd_import)
    poll = actions.add_parser("unverified", help="run the round as an unverified poll")
    poll.add_argument("round_id", type=int, metavar="ROUND_ID")
    poll.set_defaults(func=cmd_unverified)
