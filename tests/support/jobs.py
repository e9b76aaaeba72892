"""Run the job runner's queue to the end, as `wijkstem worker` would (mail, events, counts)."""

from __future__ import annotations


async def run_jobs() -> int:
    """Run every job that is due now; how many ran."""
    from app.jobs.runner import run_pending

    return await run_pending("test-runner")
