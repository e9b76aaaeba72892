"""My proposals, for "Mijn account": every proposal I sent in, with its status."""

from __future__ import annotations

from app.accounts.permissions import Principal
from app.i18n import _
from app.modules import AccountLine, AccountSection
from proposals.status import status_word
from proposals.tables import Proposal


async def sections_for(user: Principal) -> list[AccountSection]:
    """The signed-in user's own proposals, newest first."""
    if user.id is None:
        return []
    rows = await (
        Proposal.select(Proposal.id, Proposal.title, Proposal.status)
        .where(Proposal.author == user.id)
        .order_by(Proposal.id, ascending=False)
    )
    lines = tuple(
        AccountLine(
            f"{row['title']} ({status_word(str(row['status']))})", f"/voorstellen/{row['id']}"
        )
        for row in rows
    )
    return [
        AccountSection(
            "my-proposals",
            _("My proposals"),
            lines,
            _("You have not sent in a proposal yet."),
            _("You get a mail when the municipality reviews your proposal."),
        )
    ]
