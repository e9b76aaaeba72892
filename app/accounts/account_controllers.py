"""The signed-in resident's own account page and its forms."""

from __future__ import annotations

from litestar import MediaType, Response, get, post
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromQuery

from app.accounts import credentials, export, places, queries, services
from app.accounts.notices import notice, role_labels
from app.accounts.permissions import Principal
from app.accounts.sessions import COOKIE_NAME
from app.areas import queries as area_queries
from app.modules import account_sections_of
from app.web.helpers import client_address, form_data, login_required, page, redirect, user_of
from app.web.types import JSONObject, TemplateContext, WebRequest


async def _account_page(user_id: int, status: int = 200, **extra: object) -> Response[bytes]:
    profile = await queries.profile(user_id)
    context: TemplateContext = {
        "errors": {},
        "failed": "",
        "notice": "",
        "postcode_value": None,
        **extra,
    }
    if profile is None:  # deleted in another tab; the session is gone with it
        return redirect("/")
    roles = await queries.roles_of(user_id)
    return page(
        "accounts/account.html",
        status=status,
        profile=profile,
        placement=[
            area
            for area in await places.placement(str(profile.postcode))
            if area.level != "municipality"
        ],
        roles=roles,
        area_names=await area_queries.names_by_code({str(r.area_code) for r in roles}),
        role_labels=role_labels(),
        sections=await account_sections_of(Principal(id=user_id)),
        kept=export.kept(),
        **context,
    )


def _user_id(request: WebRequest) -> int:
    user_id = user_of(request).id
    if user_id is None:  # unreachable behind login_required; refuse rather than guess
        raise NotAuthorizedException()
    return user_id


@get("/account", name="account", guards=[login_required])
async def account(request: WebRequest, melding: FromQuery[str] = "") -> Response[bytes]:
    """Name, email, postcode, neighbourhood and roles, with forms to change them."""
    return await _account_page(_user_id(request), notice=notice(melding))


@get("/account/gegevens.json", name="account_data", guards=[login_required])
async def account_data(request: WebRequest) -> Response[JSONObject] | Response[bytes]:
    """The resident's own data as a JSON download."""
    data = await export.personal_data(_user_id(request))
    if data is None:
        return redirect("/")
    return Response(
        data,
        media_type=MediaType.JSON,
        headers={"Content-Disposition": 'attachment; filename="wijkstem-mijn-gegevens.json"'},
    )


@post("/account/wachtwoord", name="change_password", guards=[login_required])
async def change_password(request: WebRequest) -> Response[bytes]:
    """Change the password; every other session of the account ends."""
    data = await form_data(request)
    user_id = _user_id(request)
    answer = await credentials.change_password(
        user_id,
        data.get("current_password", ""),
        data.get("new_password", ""),
        keep_token=request.cookies.get(COOKIE_NAME),
        address=client_address(request),
    )
    if not answer.ok:
        return await _account_page(user_id, status=400, errors=answer.problems, failed="password")
    return redirect("/account?melding=wachtwoord-gewijzigd")


@post("/account/postcode", name="change_postcode", guards=[login_required])
async def change_postcode(request: WebRequest) -> Response[bytes]:
    """Move to another postcode (and so, perhaps, another neighbourhood)."""
    data = await form_data(request)
    user_id = _user_id(request)
    postcode = data.get("postcode", "")
    answer = await services.change_postcode(user_id, postcode)
    if not answer.ok:
        return await _account_page(
            user_id,
            status=400,
            errors=answer.problems,
            failed="postcode",
            postcode_value=postcode[:20],
        )
    return redirect("/account?melding=postcode-gewijzigd")


@post("/account/bevestiging", name="resend_confirmation", guards=[login_required])
async def resend_confirmation(request: WebRequest) -> Response[bytes]:
    """Send a new confirmation link."""
    await services.resend_confirmation(_user_id(request))
    return redirect("/account?melding=bevestiging-verstuurd")


@post("/account/verwijderen", name="delete_account", guards=[login_required])
async def delete_account(request: WebRequest) -> Response[bytes]:
    """Delete the account after the password is entered again."""
    data = await form_data(request)
    user_id = _user_id(request)
    answer = await services.delete_account(
        user_id, data.get("delete_password", ""), client_address(request)
    )
    if not answer.ok:
        return await _account_page(user_id, status=400, errors=answer.problems, failed="delete")
    response = redirect("/account/verwijderd")
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@get("/account/verwijderd", name="account_deleted")
async def account_deleted() -> Response[bytes]:
    """Confirm that the account is gone."""
    return page("accounts/deleted.html")


ROUTES = [
    account,
    account_data,
    change_password,
    change_postcode,
    resend_confirmation,
    delete_account,
    account_deleted,
]
