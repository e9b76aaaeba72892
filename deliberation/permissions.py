"""Who may moderate and manage meetings: pure functions of the principal and the round's area."""

from __future__ import annotations

from collections.abc import Iterable

from app.accounts.permissions import Principal, acts_for_area, is_staff


def may_moderate(user: Principal, area_lineage: Iterable[str]) -> bool:
    """Moderators: staff anywhere, council members of the round's area or above."""
    return user.id is not None and acts_for_area(user, area_lineage)


def moderates_anywhere(user: Principal) -> bool:
    """Whether the user moderates in some area (staff, or council of some area)."""
    return user.id is not None and (is_staff(user) or bool(user.council_areas()))


def may_manage_meetings(user: Principal, area_lineage: Iterable[str]) -> bool:
    """Staff, or council of the round's area or above, plan and edit its meetings."""
    return user.id is not None and acts_for_area(user, area_lineage)
