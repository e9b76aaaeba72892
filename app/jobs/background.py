"""The in-process runner of the web process (development; production runs `wijkstem worker`)."""

from __future__ import annotations

import asyncio

from app.jobs.runner import run_forever
from app.runtime import current_settings

_running: dict[str, tuple[asyncio.Task[None], asyncio.Event]] = {}


async def start_runner() -> None:
    """Start the runner as a background task when WIJKSTEM_INPROCESS_WORKER is on."""
    if "runner" in _running or not current_settings().inprocess_worker:
        return
    stop = asyncio.Event()
    _running["runner"] = (asyncio.create_task(run_forever(stop, poll=1.0, slots=2)), stop)


async def stop_runner() -> None:
    """Stop the runner and wait for the job it is running (its lease covers a cut-off)."""
    entry = _running.pop("runner", None)
    if entry is None:
        return
    task, stop = entry
    stop.set()
    try:
        await asyncio.wait_for(task, timeout=30)
    except TimeoutError:
        task.cancel()
