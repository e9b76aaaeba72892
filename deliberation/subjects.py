"""The proposal and round deliberation acts on, and who may act there (read through queries)."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.permissions import Principal, acts_for_area, is_staff
from app.areas import queries as area_queries
from app.rounds.queries import RoundView, round_by_id
from deliberation import proposal_rows


@dataclass(frozen=True)
class Subject:
    """A proposal with its round and the round area's lineage (own code first)."""

    proposal: proposal_rows.ProposalRow
    round: RoundView
    lineage: tuple[str, ...]

    @property
    def id(self) -> int:
        """The proposal's id."""
        return self.proposal.id

    @property
    def hidden(self) -> bool:
        """Whether a moderator hid the proposal."""
        return bool(self.proposal.hidden)


async def subject(proposal_id: int) -> Subject | None:
    """The proposal with its round, or None when either does not exist."""
    proposal = await proposal_rows.proposal(proposal_id)
    if proposal is None:
        return None
    found = await round_by_id(proposal.round_id)
    if found is None:
        return None
    lineage = tuple(await area_queries.lineage_codes(found.area_code))
    return Subject(proposal=proposal, round=found, lineage=lineage)


async def round_lineage(round_id: int) -> tuple[RoundView, tuple[str, ...]] | None:
    """A round with its area's lineage, or None."""
    found = await round_by_id(round_id)
    if found is None:
        return None
    return found, tuple(await area_queries.lineage_codes(found.area_code))


async def lives_in(user: Principal, area_code: str) -> bool:
    """Whether the user's postcode places them in the area (or below it)."""
    if not user.postcode:
        return False
    home = await area_queries.area_for_postcode(user.postcode)
    if home is None:
        return False
    return area_code in await area_queries.lineage_codes(str(home["code"]))


def official_role(user: Principal, lineage: tuple[str, ...]) -> str:
    """'staff' or 'council' when the user speaks for the municipality or the area, else ''."""
    if is_staff(user):
        return "staff"
    if acts_for_area(user, lineage):
        return "council"
    return ""
