"""The `wijkstem rounds` command: list rounds, advance one, and advance every round due by date."""

from __future__ import annotations

import argparse
import json
import sys

from app.commands import run_with_db
from app.jsontypes import JSONObject
from app.modules import Subcommands


def register(subparsers: Subcommands) -> None:
    """Add `rounds list`, `rounds advance` and `rounds tick` to the CLI."""
    parser = subparsers.add_parser("rounds", help="budget rounds: list, advance, tick")
    actions = parser.add_subparsers(dest="rounds_command", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", help="list every round")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(func=cmd_list)
    advance = actions.add_parser("advance", help="move a round to its next phase")
    advance.add_argument("round_id", metavar="ROUND_ID", type=int)
    advance.set_defaults(func=cmd_advance)
    actions.add_parser(
        "tick", help="move every round whose dates say so (run it from cron)"
    ).set_defaults(func=cmd_tick)


def cmd_list(args: argparse.Namespace) -> int:
    """Print id, area code, title, phase, ballot type, counting rule and its options."""

    async def work() -> int:
        from app.rounds import queries

        rows: list[JSONObject] = [
            {
                "id": view.id,
                "area_code": view.area_code,
                "title": view.title,
                "phase": view.phase,
                "ballot_type": view.rules.ballot_type,
                "counting_rule": view.rules.counting_rule,
                "rule_options": dict(view.rules.rule_options),
            }
            for view in reversed(await queries.rounds_list())
        ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return 0
        for row in rows:
            options = json.dumps(row["rule_options"], sort_keys=True)
            print(
                f"{row['id']}\t{row['area_code']}\t{row['title']}\t{row['phase']}\t"
                f"{row['ballot_type']}\t{row['counting_rule']}\t{options}"
            )
        return 0

    return run_with_db(work)


def cmd_advance(args: argparse.Namespace) -> int:
    """Move one round to its next phase, with the same checks as the web action."""

    async def work() -> int:
        from app.answer import MISSING
        from app.i18n import current_language
        from app.rounds import services

        current_language.set("en")  # the command line speaks English, like its other errors
        outcome = await services.advance_round(None, "cli", args.round_id)
        if outcome.reason == MISSING:
            print(f"wijkstem: error: round {args.round_id} does not exist", file=sys.stderr)
            return 2
        if not outcome.ok:
            reason = "; ".join(outcome.problems.values())
            print(f"wijkstem: error: round {args.round_id}: {reason}", file=sys.stderr)
            return 2
        from app.rounds import queries

        view = await queries.round_by_id(args.round_id)
        print(f"round {args.round_id} is now in phase {view.phase if view else '?'}")
        return 0

    return run_with_db(work)


def cmd_tick(args: argparse.Namespace) -> int:
    """Advance every opened round whose dates have come, one audited step at a time."""

    async def work() -> int:
        from app.rounds import services

        moved = await services.advance_due_rounds()
        for round_id, old, new in moved:
            print(f"round {round_id}: {old} -> {new}")
        print(f"{len(moved)} phase change(s)")
        return 0

    return run_with_db(work)
