"""What waits for share holders after voting has closed: a sealed box to open ("Mijn taken")."""

from __future__ import annotations

from app.accounts.permissions import Principal
from app.i18n import _
from app.modules import Task
from app.rounds import queries as round_queries
from ballots.box import queries
from ballots.box.permissions import may_handle_key


async def tasks_for(user: Principal) -> list[Task]:
    """Rounds in counting whose box is still sealed, for certifiers and staff (who may open)."""
    if not may_handle_key(user):
        return []
    found: list[Task] = []
    for view in await round_queries.rounds_list():
        if view.phase != "counting" or not await queries.box_unopened(view.id):
            continue
        found.append(
            Task(
                _("Open the ballot box of %(round)s") % {"round": view.title},
                _("Voting has closed. Share holders enter their shares together; then we count."),
                f"/beheer/stemmen/{view.id}/openen",
                _("Open the box"),
            )
        )
    return found
