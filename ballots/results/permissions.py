"""Who may count and certify: pure functions of the principal and the round's area."""

from __future__ import annotations

from collections.abc import Iterable

from app.accounts.permissions import Principal, acts_for_area


def may_count(user: Principal | None, area_lineage: Iterable[str]) -> bool:
    """Staff anywhere, council of the area or above; `None` is the trusted operator (CLI)."""
    if user is None:
        return True
    return user.authenticated and acts_for_area(user, area_lineage)


def is_certifier(user: Principal) -> bool:
    """Only holders of the certifier role decide on results."""
    return user.authenticated and user.has_role("certifier")
