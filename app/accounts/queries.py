"""Read-only questions about accounts and roles, for pages and other modules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from app.accounts.tables import RoleGrant, User
from app.accounts.validation import normalise_email

SEARCH_LIMIT = 25
GRANTS_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Profile:
    """An account as its holder sees it (never the password hash)."""

    id: int
    name: str
    email: str
    postcode: str
    email_confirmed: bool


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One role an account holds, optionally for one area."""

    id: int
    role: str
    area_code: str


@dataclass(frozen=True, slots=True)
class UserMatch:
    """An account found by the role admin's search."""

    id: int
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class GrantRow:
    """A role grant with its holder's id and email, for the role admin page."""

    id: int
    role: str
    area_code: str
    granted_at: datetime
    user_id: int
    email: str


@dataclass(frozen=True, slots=True)
class Contact:
    """Where and how to mail an account holder."""

    email: str
    name: str
    language: str


def _role(row: Mapping[str, object]) -> RoleRow:
    return RoleRow(int(str(row["id"])), str(row["role"]), str(row["area_code"] or ""))


async def user_id_by_email(email: str) -> int | None:
    """The id of the account with this email address (case-insensitive), or None."""
    row = await User.select(User.id).where(User.email == normalise_email(email)).first()
    return None if row is None else int(row["id"])


async def user_exists(email: str) -> bool:
    """Whether an account with this email address exists."""
    return await user_id_by_email(email) is not None


async def profile(user_id: int) -> Profile | None:
    """Name, email, postcode and confirmation state of an account (never the hash)."""
    row = (
        await User.select(User.id, User.name, User.email, User.postcode, User.email_confirmed)
        .where(User.id == user_id)
        .first()
    )
    if row is None:
        return None
    return Profile(
        id=int(row["id"]),
        name=str(row["name"]),
        email=str(row["email"]),
        postcode=str(row["postcode"] or ""),
        email_confirmed=bool(row["email_confirmed"]),
    )


async def roles_of(user_id: int) -> list[RoleRow]:
    """The role grants a user holds."""
    rows = await (
        RoleGrant.select(RoleGrant.id, RoleGrant.role, RoleGrant.area_code)
        .where(RoleGrant.user == user_id)
        .order_by(RoleGrant.role)
        .order_by(RoleGrant.area_code)
    )
    return [_role(row) for row in rows]


async def find_users(fragment: str) -> list[UserMatch]:
    """Accounts whose email contains the fragment, for the role admin page."""
    # Emails are stored lower-case; '_' may match any character, which only widens the search.
    escaped = normalise_email(fragment).replace("\\", "").replace("%", "")
    if not escaped:
        return []
    rows = await (
        User.select(User.id, User.name, User.email)
        .where(User.email.like(f"%{escaped}%"))
        .order_by(User.email)
        .limit(SEARCH_LIMIT)
    )
    return [UserMatch(int(r["id"]), str(r["name"]), str(r["email"])) for r in rows]


async def grants(user_ids: list[int] | None = None) -> list[GrantRow]:
    """Role grants with the holder's email: of the given users, or every non-resident grant."""
    query = RoleGrant.select(
        RoleGrant.id,
        RoleGrant.role,
        RoleGrant.area_code,
        RoleGrant.granted_at,
        RoleGrant.user.as_alias("user_id"),
        RoleGrant.user.email.as_alias("email"),
    )
    if user_ids is None:
        query = query.where(RoleGrant.role != "resident")
    elif not user_ids:
        return []
    else:
        query = query.where(RoleGrant.user.is_in(user_ids))
    rows = await query.order_by(RoleGrant.user.email).order_by(RoleGrant.role).limit(GRANTS_LIMIT)
    return [
        GrantRow(
            id=int(row["id"]),
            role=str(row["role"]),
            area_code=str(row["area_code"] or ""),
            granted_at=row["granted_at"],
            user_id=int(row["user_id"]),
            email=str(row["email"]),
        )
        for row in rows
    ]


async def contact(user_id: int) -> Contact | None:
    """Where and how to mail an account holder: email, name and chosen language."""
    row = await User.select(User.email, User.name, User.language).where(User.id == user_id).first()
    if row is None:
        return None
    return Contact(str(row["email"]), str(row["name"]), str(row["language"] or ""))


async def council_member_ids(area_codes: list[str]) -> list[int]:
    """Accounts holding a council grant for any of these areas, by id."""
    if not area_codes:
        return []
    rows = await RoleGrant.select(RoleGrant.user).where(
        RoleGrant.role == "council", RoleGrant.area_code.is_in(list(area_codes))
    )
    return sorted({int(row["user"]) for row in rows})


async def accounts_per_postcode() -> dict[str, int]:
    """How many accounts give each (non-empty) postcode; for turnout figures, no names."""
    rows = await User.raw(
        'SELECT "postcode", count(*) AS "n" FROM "account_user" '
        'WHERE "postcode" <> \'\' GROUP BY "postcode"'
    )
    return {str(row["postcode"]): int(row["n"]) for row in rows}


async def names_by_id(user_ids: list[int]) -> dict[int, str]:
    """The display name of each account, by id."""
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.name).where(User.id.is_in(user_ids))
    return {int(r["id"]): str(r["name"]) for r in rows}
