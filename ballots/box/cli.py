"""The `wijkstem codes generate` command: issue voting codes and write them to a CSV file once."""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from app.csvsafe import SafeWriter
from ballots.box.issuing import Address, IssuedCode

CSV_COLUMNS = ("code", "round", "postcode", "house_number", "name")


class CodesError(Exception):
    """A problem with the command's input, reported as one line."""


def read_addresses(path: Path) -> list[Address]:
    """Addresses from a CSV file, read as the staff upload reads them (letters.py)."""
    from ballots.box.letters import AddressFileError, parse_addresses

    try:
        return parse_addresses(path.read_text(encoding="utf-8-sig"))
    except AddressFileError as exc:
        raise CodesError(str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise CodesError("save the address file as UTF-8 CSV") from exc


def write_csv(path: Path, issued: list[IssuedCode]) -> None:
    """Write the plain codes to a new file readable only by its owner."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as handle:
        writer = SafeWriter(handle)
        writer.writerow(CSV_COLUMNS)
        for item in issued:
            writer.writerow((item.code, item.round_id, item.postcode, item.house_number, item.name))


async def _with_db(work: Callable[[], Awaitable[int]]) -> int:
    from app.db import close_pool, start_pool

    await start_pool()
    try:
        return await work()
    finally:
        await close_pool()


def _fail(message: str) -> int:
    print(f"wijkstem: error: {message}", file=sys.stderr)
    return 2


def cmd_generate(args: argparse.Namespace) -> int:
    """Generate codes for a round and write them to the CSV file."""
    from ballots.box.issuing import generate_codes

    target = Path(args.csv)
    if target.exists():
        return _fail(f"{target} already exists; codes are never overwritten")
    try:
        addresses = read_addresses(Path(args.addresses)) if args.addresses else []
    except (CodesError, OSError, csv.Error) as exc:
        return _fail(str(exc))
    if args.count <= 0 and not addresses:
        return _fail("give --count N or --addresses FILE.csv")

    async def work() -> int:
        answer = await generate_codes(
            args.round_id, count=max(args.count, 0), addresses=addresses, actor="cli"
        )
        if answer.value is None:
            return _fail(answer.message)
        write_csv(target, answer.value)
        print(f"wrote {len(answer.value)} voting codes for round {args.round_id} to {target}")
        return 0

    return asyncio.run(_with_db(work))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `codes generate ROUND_ID --count N --csv FILE [--addresses FILE.csv]`."""
    codes_parser = subparsers.add_parser("codes", help="voting codes for a round")
    actions = codes_parser.add_subparsers(dest="codes_command", metavar="ACTION")
    actions.required = True
    generate = actions.add_parser("generate", help="generate voting codes and write a CSV file")
    generate.add_argument("round_id", type=int, metavar="ROUND_ID")
    generate.add_argument("--count", type=int, default=0, help="number of anonymous codes")
    generate.add_argument("--csv", required=True, metavar="FILE", help="CSV file to create")
    generate.add_argument(
        "--addresses",
        metavar="FILE.csv",
        help="one code per address: postcode, house_number, optional name (never a BSN)",
    )
    generate.set_defaults(func=cmd_generate)
