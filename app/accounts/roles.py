"""Role administration use cases: an admin grants and revokes roles, each in the audit chain."""

from __future__ import annotations

from app.accounts import places
from app.accounts.permissions import ROLES, SCOPED_ROLES
from app.accounts.tables import RoleGrant, User
from app.accounts.validation import normalise_email
from app.answer import MISSING, Answer, Problems, answering, done, invalid, refused
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _


async def _grant_problems(user_id: int | None, role: str, area_code: str) -> Problems:
    problems: Problems = {}
    if user_id is None:
        problems["email"] = _("There is no account with this email address.")
    if role not in ROLES:
        problems["role"] = _("Choose a role.")
    elif role in SCOPED_ROLES and not area_code:
        problems["area_code"] = _("A council member needs an area code.")
    elif role in SCOPED_ROLES and not await places.current_area_exists(area_code):
        problems["area_code"] = _("There is no area with code {code}.").format(code=area_code[:20])
    elif role not in SCOPED_ROLES and area_code:
        problems["area_code"] = _("Only council members are scoped to an area.")
    return problems


@answering
async def grant_role(admin_id: int, email: str, role: str, area_code: str) -> Problems:
    """Give an account a role (council members for one area); recorded in the audit chain."""
    area_code = area_code.strip().upper()
    async with transaction():
        row = await User.select(User.id).where(User.email == normalise_email(email)).first()
        user_id = None if row is None else int(row["id"])
        problems = await _grant_problems(user_id, role, area_code)
        if problems or user_id is None:
            return problems
        held = await RoleGrant.exists().where(
            RoleGrant.user == user_id, RoleGrant.role == role, RoleGrant.area_code == area_code
        )
        if held:
            return {"role": _("This account already holds this role.")}
        await RoleGrant.insert(
            RoleGrant(user=user_id, role=role, area_code=area_code, granted_by=admin_id)
        )
        payload = {"role": role, "area_code": area_code}
        await append_event(f"user:{admin_id}", "role.grant", f"user:{user_id}", payload)
    return {}


async def revoke_role(admin_id: int, grant_id: int) -> Answer[None]:
    """Take a role away; recorded in the audit chain. Refused with MISSING for no such grant.

    An admin cannot revoke their own admin role, so the site never locks out its last admin
    by accident.
    """
    async with transaction():
        grant = await RoleGrant.select().where(RoleGrant.id == grant_id).first()
        if grant is None:
            return refused(MISSING, "")
        user_id, role = int(grant["user"]), str(grant["role"])
        if user_id == admin_id and role == "admin":
            return invalid({"grant": _("You cannot revoke your own admin role.")})
        await RoleGrant.delete().where(RoleGrant.id == grant_id)
        payload = {"role": role, "area_code": str(grant["area_code"])}
        await append_event(f"user:{admin_id}", "role.revoke", f"user:{user_id}", payload)
    return done()
