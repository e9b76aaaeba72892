"""The `wijkstem count`, `worker`, `export` and `verify` commands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ballots.results.verify import report, verify

EXPORT_FILES = ("ballots.pb", "certificate.json", "record.pdf")


def _with_db(work: Callable[[], Awaitable[int]]) -> int:
    async def run() -> int:
        from app.db import close_pool, start_pool

        await start_pool()
        try:
            return await work()
        finally:
            await close_pool()

    return asyncio.run(run())


def cmd_count(args: argparse.Namespace) -> int:
    """Count a round in the counting phase now, in this process (for operators)."""

    async def work() -> int:
        from ballots.results import jobs

        answer = await jobs.count_now(args.round_id)
        if not answer.ok:
            print(f"wijkstem: error: {answer.problem}", file=sys.stderr)
            return 2 if answer.status < 500 else 1
        print(f"counted round {args.round_id}: draft result {answer.id}")
        return 0

    return _with_db(work)


def cmd_worker(args: argparse.Namespace) -> int:
    """Run queued count jobs until interrupted (or once with --once)."""

    async def work() -> int:
        from ballots.results import jobs

        if args.once:
            print(f"ran {await jobs.run_pending()} count jobs")
            return 0
        await jobs.worker_loop(poll=args.poll)
        return 0

    return _with_db(work)


def cmd_export(args: argparse.Namespace) -> int:
    """Write ballots.pb, certificate.json and record.pdf of a certified round to a folder."""

    async def work() -> int:
        from ballots.results import queries, record

        found = await queries.certified_export(args.round_id)
        if found is None:
            print(f"round {args.round_id} has no certified result", file=sys.stderr)
            return 2
        certificate, ballots = found
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "ballots.pb").write_text(ballots, encoding="utf-8", newline="")
        (out / "certificate.json").write_text(certificate.published(), encoding="utf-8")
        outcome = await queries.outcome_of(certificate.result_id)
        pdf = record.record_pdf(
            certificate.body, certificate.sha256, certificate.audit_head, outcome
        )
        (out / "record.pdf").write_bytes(pdf)
        print(f"wrote {', '.join(str(out / name) for name in EXPORT_FILES)}")
        return 0

    return _with_db(work)


def cmd_verify(args: argparse.Namespace) -> int:
    """Recount the ballot file without any database and compare it with the certificate."""
    try:
        ballots = Path(args.ballots).read_text(encoding="utf-8")
        certificate = Path(args.certificate).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"wijkstem: error: cannot read the files: {exc}", file=sys.stderr)
        return 2
    verdict = verify(ballots, certificate)
    print(report(verdict))
    return 0 if verdict.ok else 1


def register(subparsers: Any) -> None:
    """Add the results commands to the CLI."""
    count = subparsers.add_parser("count", help="count a round in the counting phase now")
    count.add_argument("round_id", metavar="ROUND_ID", type=int)
    count.set_defaults(func=cmd_count)
    worker = subparsers.add_parser("worker", help="run queued count jobs")
    worker.add_argument("--once", action="store_true", help="run what is queued, then stop")
    worker.add_argument("--poll", type=float, default=2.0, help="seconds between looks")
    worker.set_defaults(func=cmd_worker)
    export = subparsers.add_parser("export", help="write a certified round's public export")
    export.add_argument("round_id", metavar="ROUND_ID", type=int)
    export.add_argument("--out", metavar="DIR", required=True)
    export.set_defaults(func=cmd_export)
    check = subparsers.add_parser(
        "verify", help="recount ballots.pb and compare it with certificate.json (no database)"
    )
    check.add_argument("ballots", metavar="BALLOTS_PB")
    check.add_argument("certificate", metavar="CERTIFICATE_JSON")
    check.set_defaults(func=cmd_verify)
