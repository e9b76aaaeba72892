"""The one seam between deliberation/ballots and the proposals module.

Reads go through `proposals.queries`, writes through `proposals.services` (inside the caller's
transaction). Hiding a proposal has no proposals service yet, so `set_hidden` writes the row
itself (told to the lead); everything else is delegated.
"""

from __future__ import annotations

from proposals import queries, services
from proposals import status as statuses
from proposals.services import StatusError

__all__ = ["StatusError"]

QUALIFYING = statuses.QUALIFYING
ON_BALLOT = statuses.ON_BALLOT


ProposalRow = queries.ProposalRow
ProposalSummary = queries.ProposalSummary


async def proposal(proposal_id: int) -> ProposalRow | None:
    """One proposal (id, round_id, title, summary, status, hidden, counts…), or None."""
    return await queries.proposal_by_id(proposal_id)


async def proposals_for_round(
    round_id: int, statuses_wanted: list[str] | None = None
) -> list[ProposalSummary]:
    """The round's proposals (optionally only some statuses)."""
    return await queries.proposals_for_round(round_id, statuses_wanted)


async def adjust_counts(proposal_id: int, supports: int = 0, comments: int = 0) -> None:
    """Move the kept counts by the deltas; call inside the caller's transaction."""
    await services.adjust_counts(proposal_id, supports=supports, comments=comments)


async def set_status(
    proposal_id: int, status: str, reason: str, actor_id: int | None, official: str
) -> None:
    """Change a status with its public reason (audited); inside the caller's transaction."""
    await services.set_status(proposal_id, status, reason, actor_id, official)


async def announce_status(proposal_id: int, status: str, reason: str) -> None:
    """Tell followers and other modules; in the transaction of the change."""
    await services.announce_status(proposal_id, status, reason)


def status_word(status: str) -> str:
    """The plain word residents see for a status."""
    return statuses.status_word(status)


async def set_hidden(proposal_id: int, reason: str) -> None:
    """Hide a proposal with a public reason; call inside the caller's transaction."""
    await services.set_hidden(proposal_id, reason)
