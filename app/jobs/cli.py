"""The `wijkstem worker` command: the job runner as its own process."""

from __future__ import annotations

import argparse
import asyncio
import signal

from app.modules import Subcommands


def cmd_worker(args: argparse.Namespace) -> int:
    """Run queued jobs (counts, mail, events) until stopped, or once with --once."""
    from app.db import close_pool, start_pool
    from app.jobs import runner
    from app.logs import configure_logging

    configure_logging()

    async def work() -> int:
        await start_pool()
        try:
            if args.once:
                print(f"ran {await runner.run_pending()} jobs")
                return 0
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            await runner.run_forever(stop, poll=args.poll, slots=args.slots)
            return 0
        finally:
            await close_pool()

    return asyncio.run(work())


def register(subparsers: Subcommands) -> None:
    """Add `worker` to the CLI."""
    worker = subparsers.add_parser("worker", help="run queued jobs: counts, mail, events")
    worker.add_argument("--once", action="store_true", help="run what is queued, then stop")
    worker.add_argument("--poll", type=float, default=2.0, help="seconds between looks")
    worker.add_argument("--slots", type=int, default=2, help="jobs run at the same time")
    worker.set_defaults(func=cmd_worker)
