"""Public recounts from the web, run in a separate worker process with CPU and memory limits.

A recount of an uploaded file can be slow or large on purpose; it never runs in the web process.
At most MAX_RUNNING run at once on the whole site (lease rows in the database, shared by every
worker: ballots/results/recount_slots.py); a further request is told to come back.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from ballots.results.verify import Check, Verdict

MAX_RUNNING = 2
CPU_SECONDS = 30
MEMORY_BYTES = 1024 * 1024 * 1024
WALL_SECONDS = 45
# A slot whose web worker died mid-recount is free again after this.
LEASE = timedelta(seconds=WALL_SECONDS + 15)


class Busy(Exception):
    """MAX_RUNNING recounts are running already on the site."""


class Stopped(Exception):
    """The worker ran out of time or memory, or failed: the files could not be recounted."""


def _limits() -> None:  # pragma: no cover  (runs in the child before exec)
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _verdict(data: dict[str, Any]) -> Verdict:
    return Verdict(
        ok=bool(data["ok"]),
        checks=tuple(Check(**item) for item in data["checks"]),
        reason=str(data["reason"]),
        certificate_sha256=str(data["certificate_sha256"]),
        unreadable=bool(data["unreadable"]),
        key_id=str(data["key_id"]),
        key_trusted=bool(data["key_trusted"]),
    )


async def recount(
    ballots: str, certificate: str, public_key_pem: str = "", expect_sha256: str = ""
) -> Verdict:
    """Verify in a limited child process; Busy when MAX_RUNNING run already anywhere on the
    site, Stopped when it fails."""
    from ballots.results import recount_slots

    token = await recount_slots.acquire(MAX_RUNNING, LEASE)
    if token is None:
        raise Busy()
    try:
        return await _run(
            json.dumps(
                {
                    "ballots": ballots,
                    "certificate": certificate,
                    "public_key": public_key_pem,
                    "expect_sha256": expect_sha256,
                }
            ).encode("utf-8")
        )
    finally:
        await recount_slots.release(token)


async def _run(request: bytes) -> Verdict:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ballots.results.recount_child",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        preexec_fn=_limits,  # only setrlimit, before exec
    )
    try:
        output, _ = await asyncio.wait_for(child.communicate(request), WALL_SECONDS)
    except TimeoutError as exc:
        child.kill()
        await child.wait()
        raise Stopped("time") from exc
    if child.returncode != 0:
        raise Stopped(f"exit {child.returncode}")
    try:
        return _verdict(json.loads(output))
    except (ValueError, TypeError) as exc:
        raise Stopped("output") from exc


def encode(verdict: Verdict) -> str:
    """A verdict as JSON (what the child prints)."""
    return json.dumps(asdict(verdict))
