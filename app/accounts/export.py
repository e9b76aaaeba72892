"""A resident's own data as one JSON document: the account and what every module holds on it."""

from __future__ import annotations

from datetime import date, datetime

from app.accounts.tables import RoleGrant, User
from app.i18n import _
from app.jsontypes import JSONObject
from app.modules import load_modules


def kept() -> list[str]:
    """What stays after deleting an account, said on the page and in the download."""
    return [
        _("Your ballots stay, but they never held your name, account or voting code."),
        _(
            "Audit events stay; they name your account only by its number, never by your "
            "name or e-mail address."
        ),
        _("Proposals and comments you wrote stay, without your name."),
    ]


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


async def personal_data(user_id: int) -> JSONObject | None:
    """Everything the platform keeps about an account (never the password hash); None if gone."""
    account = (
        await User.select(
            User.id,
            User.name,
            User.email,
            User.postcode,
            User.email_confirmed,
            User.language,
            User.created_at,
        )
        .where(User.id == user_id)
        .first()
    )
    if account is None:
        return None
    roles = await RoleGrant.select(RoleGrant.role, RoleGrant.area_code, RoleGrant.granted_at).where(
        RoleGrant.user == user_id
    )
    data: JSONObject = {"account": account, "roles": roles}
    for module in load_modules():
        if module.personal_data is not None:
            data[module.name] = await module.personal_data(user_id)
    data["kept_after_deletion"] = kept()
    return {key: _plain(value) for key, value in data.items()}
