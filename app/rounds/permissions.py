"""Who may do what with budget rounds: pure functions of the principal and the round's area."""

from __future__ import annotations

from collections.abc import Iterable

from app.accounts.permissions import Principal, acts_for_area, is_staff


def may_manage_round(user: Principal | None, area_lineage: Iterable[str]) -> bool:
    """Council of the area or an ancestor, or staff; `None` is the trusted operator (CLI).

    `area_lineage` is the round's area code followed by its ancestors' codes.
    """
    if user is None:
        return True
    return user.authenticated and acts_for_area(user, area_lineage)


def sees_round_tasks(user: Principal) -> bool:
    """Whether rounds may have work for this user at all: staff, or council somewhere."""
    return user.authenticated and (is_staff(user) or bool(user.council_areas()))
