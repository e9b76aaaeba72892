"""DigiD login pages: send the signed-in resident to the provider and bind them on return."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

import httpx
from litestar import get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.i18n import _
from app.runtime import current_settings
from app.web.helpers import login_required, page, user_of
from app.web.types import WebRequest
from ballots.register import oidc, services

COOKIE = "wijkstem_oidc"
_log = logging.getLogger(__name__)


def _redirect_uri() -> str:
    return f"{current_settings().base_url}/account/digid/terug"


def _local(path: str) -> str:
    parsed = urlparse(path)
    ok = path.startswith("/") and not path.startswith("//") and not parsed.netloc
    return path if ok else "/account"


@get("/account/digid", name="digid_start", guards=[login_required])
async def digid_start(request: WebRequest, next: FromQuery[str] = "/account") -> Redirect:
    """Go to the DigiD provider (code flow, PKCE S256, state and nonce)."""
    settings = current_settings()
    if not settings.oidc_issuer:
        raise NotFoundException()
    user = user_of(request)
    assert user.id is not None  # noqa: S101  (login_required)
    url, pending = await oidc.start(settings, _redirect_uri(), user.id, _local(next))
    return Redirect(
        path=url,
        status_code=302,
        cookies=[
            Cookie(
                key=COOKIE,
                value=oidc.pack(pending, settings.secret_key),
                max_age=oidc.PENDING_SECONDS,
                path="/account/digid",
                httponly=True,
                secure=settings.production,
                samesite="lax",
            )
        ],
    )


@get("/account/digid/terug", name="digid_return", guards=[login_required])
async def digid_return(request: WebRequest) -> Redirect | Template:
    """Check the provider's answer; bind the account to the person key, never the BSN."""
    settings = current_settings()
    if not settings.oidc_issuer:
        raise NotFoundException()
    user = user_of(request)
    code = str(request.query_params.get("code", ""))
    state = str(request.query_params.get("state", ""))  # `state` is a reserved Litestar name
    pending = oidc.unpack(request.cookies.get(COOKIE, ""), settings.secret_key)
    try:
        if pending is None or pending.user_id != user.id:
            raise oidc.LoginRefused("no login in flight for this account")
        bsn, acr = await oidc.finish(settings, _redirect_uri(), pending, state, code)
    except oidc.AssuranceTooLow as exc:
        _log.warning("DigiD login refused: %s", exc)
        return page(
            "register/digid_refused.html",
            status=403,
            reason="acr",
            retry=pending.next_path if pending is not None else "/account",
            message=_(
                "You logged in with DigiD at a level that is not secure enough for voting "
                "(for example with only a username and password), so your account was not "
                "linked. Log in again with the DigiD app or with an SMS check, or vote with "
                "the code from your letter."
            ),
        )
    except (oidc.LoginRefused, httpx.HTTPError) as exc:
        _log.warning("DigiD login refused: %s", exc)
        return page(
            "register/digid_refused.html",
            status=400,
            reason="failed",
            retry="",
            message=_(
                "The DigiD login could not be checked, so your account was not linked. "
                "Try again; if it keeps failing, vote with the code from your letter."
            ),
        )
    assert user.id is not None  # noqa: S101  (login_required)
    await services.bind_digid(user.id, bsn, provider=urlparse(settings.oidc_issuer).netloc, acr=acr)
    del bsn
    response = Redirect(path=pending.next_path, status_code=303)
    response.delete_cookie(COOKIE, path="/account/digid")
    return response


ROUTES = [digid_start, digid_return]
