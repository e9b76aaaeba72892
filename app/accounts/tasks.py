"""What administrators look after: roles and the area tree ("Mijn taken")."""

from __future__ import annotations

from app.accounts.permissions import Principal, is_admin
from app.i18n import _
from app.modules import Task


def tasks_for(user: Principal) -> list[Task]:
    """Standing tasks of an administrator, each linking to its page."""
    if not is_admin(user):
        return []
    return [
        Task(
            _("Roles"),
            _("Give people a role (staff, council, certifier) or take it away."),
            "/beheer/rollen",
            _("Manage roles"),
        ),
        Task(
            _("Areas"),
            _("Add areas such as a new buurt, or end an area's validity."),
            "/beheer/gebieden",
            _("Manage areas"),
        ),
    ]
