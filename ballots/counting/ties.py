"""Tie-breaking orders: lexicographic, equalshares and lot drawn from a published seed."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from ballots.counting.model import Money

TIE_BREAKS = ("lexicographic", "equalshares", "lot:SEED")


class TieBreakError(ValueError):
    """The tie-break name is not one the engine knows."""


def lot_key(seed: str, project_id: str) -> str:
    """Return the lot key of a project: the SHA-256 hex digest of "<seed>:<project id>"."""
    return hashlib.sha256(f"{seed}:{project_id}".encode()).hexdigest()


def tie_order(
    name: str, ids: Sequence[str], costs: Mapping[str, Money], scores: Mapping[str, int]
) -> tuple[str, ...]:
    """Return every project id, the one that wins a tie first.

    - lexicographic: smallest id as a string (code point order) first;
    - equalshares: lower cost, then higher score, then smaller id;
    - lot:SEED: ascending SHA-256("SEED:id") as hex, then smaller id.
    """
    if name == "lexicographic":
        return tuple(sorted(ids))
    if name == "equalshares":
        return tuple(sorted(ids, key=lambda pid: (costs[pid], -scores[pid], pid)))
    if name.startswith("lot:") and len(name) > len("lot:"):
        seed = name.removeprefix("lot:")
        return tuple(sorted(ids, key=lambda pid: (lot_key(seed, pid), pid)))
    raise TieBreakError(f"unknown tie-break {name!r}; use one of {', '.join(TIE_BREAKS)}")
