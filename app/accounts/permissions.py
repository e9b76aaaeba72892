"""Pure permission rules over the roles a user holds; feeds route guards and the `can` helper."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ROLES = ("resident", "council", "staff", "certifier", "admin")
SCOPED_ROLES = frozenset({"council"})


@dataclass(frozen=True)
class Principal:
    """Who is acting: the signed-in user with their role grants, or an anonymous visitor."""

    id: int | None = None
    email: str = ""
    name: str = ""
    postcode: str = ""
    email_confirmed: bool = False
    grants: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @property
    def authenticated(self) -> bool:
        """Whether a user is signed in."""
        return self.id is not None

    def has_role(self, role: str) -> bool:
        """Whether the user holds the role anywhere."""
        return any(granted == role for granted, _ in self.grants)

    def council_areas(self) -> frozenset[str]:
        """The area codes this user is a council member for."""
        return frozenset(code for role, code in self.grants if role == "council")


ANONYMOUS = Principal()


def is_admin(user: Principal) -> bool:
    """Admins manage roles, areas and reopen rounds."""
    return user.has_role("admin")


def is_staff(user: Principal) -> bool:
    """Municipal staff (admins count as staff)."""
    return user.has_role("staff") or is_admin(user)


def acts_for_area(user: Principal, area_lineage: Iterable[str]) -> bool:
    """Whether the user may act for an area: staff anywhere, council on the area or an ancestor.

    `area_lineage` is the area's own code followed by its ancestors' codes.
    """
    if is_staff(user):
        return True
    return bool(user.council_areas() & set(area_lineage))


def can_edit_programmes(user: Principal) -> bool:
    """Staff edit area programmes."""
    return is_staff(user)
