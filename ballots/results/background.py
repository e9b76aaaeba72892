"""The count worker inside the web process: started and stopped with the application."""

from __future__ import annotations

import asyncio

from ballots.results.jobs import worker_loop

_running: dict[str, tuple[asyncio.Task[None], asyncio.Event]] = {}


async def start_worker() -> None:
    """Start the count worker loop as a background task (once per process)."""
    if "worker" in _running:
        return
    stop = asyncio.Event()
    _running["worker"] = (asyncio.create_task(worker_loop(stop)), stop)


async def stop_worker() -> None:
    """Ask the worker loop to stop and wait for the job it is running."""
    entry = _running.pop("worker", None)
    if entry is None:
        return
    task, stop = entry
    stop.set()
    try:
        await asyncio.wait_for(task, timeout=30)
    except TimeoutError:
        task.cancel()
