"""The rounds in which I voted with my account, for "Mijn account" (never how I voted)."""

from __future__ import annotations

from app.accounts.permissions import Principal
from app.i18n import _
from app.modules import AccountLine, AccountSection
from app.rounds.queries import round_by_id
from app.runtime import current_settings
from ballots.box.codes import voter_key_for_user
from ballots.box.tables import Participation


async def sections_for(user: Principal) -> list[AccountSection]:
    """Rounds with a participation under this account's voter key; the ballot stays unlinked."""
    if user.id is None:
        return []
    key = voter_key_for_user(current_settings().secret_key, user.id)
    rows = await Participation.select(Participation.round).where(Participation.voter_key == key)
    lines = []
    for round_id in sorted({int(r["round"]) for r in rows}, reverse=True):
        view = await round_by_id(round_id)
        if view is not None:
            lines.append(AccountLine(view.title, f"/rondes/{view.id}"))
    return [
        AccountSection(
            "my-votes",
            _("Budget rounds in which I voted"),
            tuple(lines),
            _("You have not voted with your account yet."),
            _(
                "We only know that you voted, never what you chose. "
                "Votes with a voting code from a letter are not linked to your account."
            ),
        )
    ]
