"""The `wijkstem delivery` command: load the delivery demo (projects in the demo rounds)."""

from __future__ import annotations

import argparse

from app.commands import run_with_db


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `delivery demo` to the CLI."""
    parser = subparsers.add_parser("delivery", help="project delivery: demo")
    actions = parser.add_subparsers(dest="delivery_command", metavar="ACTION")
    actions.required = True
    actions.add_parser(
        "demo", help="projects, milestones and progress in the demo rounds (idempotent)"
    ).set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the delivery demo and print what it did."""

    async def work() -> int:
        from delivery.demo import load_delivery_demo

        print(await load_delivery_demo())
        return 0

    return run_with_db(work)
