"""Who may see the ballot box's key ceremony and open the box: pure functions of the principal."""

from __future__ import annotations

from app.accounts.permissions import Principal, is_staff


def may_handle_key(user: Principal) -> bool:
    """Staff and certifiers: they run the key ceremony, hold shares and open the box together."""
    return user.authenticated and (is_staff(user) or user.has_role("certifier"))
