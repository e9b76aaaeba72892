"""The `wijkstem box key` command: the operator's key ceremony, writing one share file each."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path


def write_share(path: Path, share: str) -> None:
    """Write one share to a new file readable only by its owner."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(share + "\n")


def cmd_key(args: argparse.Namespace) -> int:
    """Make a round's box key before voting and write its n shares to a folder."""
    out = Path(args.out)
    targets = [out / f"round-{args.round_id}-share-{at}.txt" for at in range(1, args.shares + 1)]
    if any(t.exists() for t in targets):
        print(f"wijkstem: error: share files already exist in {out}", file=sys.stderr)
        return 2

    async def work() -> int:
        from app.db import close_pool, start_pool
        from ballots.box import keys

        await start_pool()
        try:
            made = await keys.hand_out(args.round_id, [None] * args.shares, args.threshold)
        finally:
            await close_pool()
        shares = made.value
        if shares is None:
            print(f"wijkstem: error: {made.message}", file=sys.stderr)
            return 2
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        for target, share in zip(targets, shares, strict=True):
            write_share(target, share)
        print(
            f"round {args.round_id}: {args.threshold} of {args.shares} shares written to {out}; "
            "give each to one certifier and delete the folder"
        )
        return 0

    return asyncio.run(work())


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `box key ROUND_ID --out DIR [--shares N] [--threshold K]`."""
    box_parser = subparsers.add_parser("box", help="the sealed ballot box of a round")
    actions = box_parser.add_subparsers(dest="box_command", metavar="ACTION")
    actions.required = True
    key = actions.add_parser("key", help="make the round's key and write its shares (operator)")
    key.add_argument("round_id", type=int, metavar="ROUND_ID")
    key.add_argument("--out", required=True, metavar="DIR", help="folder for the share files")
    key.add_argument("--shares", type=int, default=3, help="shares to make (n, default 3)")
    key.add_argument("--threshold", type=int, default=2, help="shares that open the box (k)")
    key.set_defaults(func=cmd_key)
