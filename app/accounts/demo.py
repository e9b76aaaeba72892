"""Demo accounts that other modules' demo loaders need: confirmed, and no one can sign in."""

from __future__ import annotations

from app.accounts.tables import User

# Not an argon2 hash, so no password ever matches: demo neighbours cannot log in.
NO_LOGIN = "!demo-account-without-login"


async def account_without_login(email: str, name: str = "", postcode: str = "") -> int | None:
    """The id of the account with this email; created (confirmed) when a name is given."""
    row = await User.select(User.id).where(User.email == email).first()
    if row is not None or not name:
        return None if row is None else int(row["id"])
    rows = await User.insert(
        User(
            email=email,
            name=name,
            password_hash=NO_LOGIN,
            postcode=postcode,
            email_confirmed=True,
        )
    ).returning(User.id)
    return int(rows[0]["id"])
