"""Declares the ballots module (counting engine and its `tally` command) to the platform."""

from typing import Any

from app.modules import Module


def _register_cli(subparsers: Any) -> None:
    from ballots import tally_cli

    tally_cli.register(subparsers)


MODULE = Module(name="ballots", piccolo_app="ballots.piccolo_app", cli=_register_cli)
