"""What waits for moderators: open reports of comments and proposals ("Mijn taken")."""

from __future__ import annotations

from app.accounts.permissions import Principal
from app.i18n import _, ngettext
from app.modules import Task
from deliberation.queries import is_moderator, moderation_queue


async def tasks_for(user: Principal) -> list[Task]:
    """One task when reports wait for this moderator, saying how many."""
    if not is_moderator(user):
        return []
    count = len(await moderation_queue(user))
    if count == 0:
        return []
    return [
        Task(
            ngettext("%(num)d report to handle", "%(num)d reports to handle", count)
            % {"num": count},
            _("Residents reported comments or proposals. Hide them with a reason, or leave them."),
            "/moderatie",
            _("Handle reports"),
        )
    ]
