"""The admin page for roles: find accounts, grant and revoke roles."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Response, get, post
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.params import FromPath, FromQuery

from app.accounts import queries, roles
from app.accounts.notices import notice, role_labels
from app.accounts.permissions import ROLES
from app.answer import MISSING
from app.areas import queries as area_queries
from app.web.helpers import admin_required, form_data, page, redirect, user_of
from app.web.types import TemplateContext, WebRequest


async def _roles_page(
    email: str = "", status: int = 200, form: dict[str, str] | None = None, **extra: object
) -> Response[bytes]:
    email = email[:254]
    found = await queries.find_users(email) if email else []
    grants = await queries.grants([int(u.id) for u in found] if email else None)
    context: TemplateContext = {"errors": {}, "notice": "", **extra}
    return page(
        "admin/roles.html",
        status=status,
        query=email,
        users=found,
        grants=grants,
        roles=ROLES,
        role_labels=role_labels(),
        area_names=await area_queries.names_by_code({str(g.area_code) for g in grants}),
        form=form or {"email": email if len(found) == 1 else "", "role": "", "area_code": ""},
        **context,
    )


def _admin_id(request: WebRequest) -> int:
    admin_id = user_of(request).id
    if admin_id is None:  # unreachable behind admin_required; refuse rather than guess
        raise NotAuthorizedException()
    return admin_id


@get("/beheer/rollen", name="admin_roles", guards=[admin_required])
async def admin_roles(email: FromQuery[str] = "", melding: FromQuery[str] = "") -> Response[bytes]:
    """Search accounts by email and list role grants."""
    return await _roles_page(email, notice=notice(melding))


@post("/beheer/rollen/toekennen", name="grant_role", guards=[admin_required])
async def grant_role(request: WebRequest) -> Response[bytes]:
    """Grant a role; council members are scoped to an existing area."""
    data = await form_data(request)
    form = {key: data.get(key, "")[:254] for key in ("email", "role", "area_code")}
    answer = await roles.grant_role(_admin_id(request), **form)
    if not answer.ok:
        return await _roles_page(form["email"], status=400, form=form, errors=answer.problems)
    query = urlencode({"email": form["email"], "melding": "rol-toegekend"})
    return redirect(f"/beheer/rollen?{query}")


@post("/beheer/rollen/{grant_id:int}/intrekken", name="revoke_role", guards=[admin_required])
async def revoke_role(request: WebRequest, grant_id: FromPath[int]) -> Response[bytes]:
    """Revoke one role grant."""
    data = await form_data(request)
    answer = await roles.revoke_role(_admin_id(request), grant_id)
    if answer.reason == MISSING:
        raise NotFoundException()
    if not answer.ok:
        errors = answer.field_problems
        return await _roles_page(data.get("email", ""), status=400, errors=errors)
    query = urlencode({"email": data.get("email", "")[:254], "melding": "rol-ingetrokken"})
    return redirect(f"/beheer/rollen?{query}")


ROUTES = [admin_roles, grant_role, revoke_role]
