"""Who may record delivery: pure functions of the principal and the project's area."""

from __future__ import annotations

from collections.abc import Iterable

from app.accounts.permissions import Principal, acts_for_area


def can_record_delivery(user: Principal, area_lineage: Iterable[str]) -> bool:
    """Staff record delivery everywhere; a council member only in their area or its parts.

    `area_lineage` is the project's area code followed by its ancestors' codes.
    """
    if not user.authenticated:
        return False
    return acts_for_area(user, area_lineage)
