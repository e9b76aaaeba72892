"""Preconditions other modules declare for entering a phase (e.g. the ballot box key)."""

from __future__ import annotations

from app.modules import load_modules


async def phase_problem(round_id: int, phase: str) -> str:
    """The first reason a round cannot enter a phase now, or '' when nothing stops it."""
    for module in load_modules():
        check = module.phase_checks.get(phase)
        if check is not None:
            problem = await check(round_id)
            if problem:
                return problem
    return ""
