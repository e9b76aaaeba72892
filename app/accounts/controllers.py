"""Public account pages: register, confirm email, log in and out, forgotten password."""

from __future__ import annotations

from litestar import Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, FromQuery

from app.accounts import credentials, services
from app.accounts.links import CONFIRM_PATH, RESET_PATH
from app.accounts.notices import notice
from app.accounts.sessions import COOKIE_NAME
from app.answer import MISSING
from app.web.helpers import client_address, cookie_secure, form_data, page, redirect, safe_next
from app.web.types import WebRequest


@get("/account/registreren", name="register")
async def register_page() -> Response[bytes]:
    """The registration form."""
    return page("accounts/register.html", form={}, errors={})


@post("/account/registreren", name="register_submit")
async def register(request: WebRequest) -> Response[bytes]:
    """Create an account, or show the form again with each problem next to its field."""
    data = await form_data(request)
    answer = await services.register(
        name=data.get("name", ""),
        email=data.get("email", ""),
        password=data.get("password", ""),
        postcode=data.get("postcode", ""),
        address=client_address(request),
    )
    if not answer.ok:
        form = {key: data.get(key, "") for key in ("name", "email", "postcode")}
        return page("accounts/register.html", status=400, form=form, errors=answer.problems)
    return redirect("/account/registreren/controleer-mail")


@get("/account/registreren/controleer-mail", name="register_done")
async def register_done() -> Response[bytes]:
    """Tell the new resident to look for the confirmation email."""
    return page("accounts/check_mail.html")


@get(f"{CONFIRM_PATH}/{{token:str}}", name="confirm_email")
async def confirm_email(token: FromPath[str]) -> Response[bytes]:
    """Confirm an email address by its single-use link."""
    if await services.confirm_email(token):
        return page("accounts/confirmed.html")
    return page("accounts/link_invalid.html", status=400)


@get("/account/inloggen", name="login")
async def login_page(request: WebRequest, melding: FromQuery[str] = "") -> Response[bytes]:
    """The login form; `?next=` names the local page to return to afterwards."""
    return page(
        "accounts/login.html",
        email="",
        next_path=safe_next(request.query_params.get("next")),
        notice=notice(melding),
        refused="",
    )


@post("/account/inloggen", name="login_submit")
async def login(request: WebRequest) -> Response[bytes]:
    """Start a fresh session, or refuse with the same answer for unknown and known accounts."""
    data = await form_data(request)
    email, next_path = data.get("email", ""), safe_next(data.get("next"))
    outcome = await credentials.log_in(
        email, data.get("password", ""), client_address(request), request.cookies.get(COOKIE_NAME)
    )
    if outcome.token is None:
        status = 429 if outcome.throttled else 400
        return page(
            "accounts/login.html",
            status=status,
            email=email[:254],
            next_path=next_path,
            notice="",
            refused="throttled" if outcome.throttled else "wrong",
        )
    response = redirect(next_path)
    response.set_cookie(
        COOKIE_NAME, outcome.token, httponly=True, samesite="lax", secure=cookie_secure(), path="/"
    )
    return response


@post("/account/uitloggen", name="logout")
async def logout(request: WebRequest) -> Response[bytes]:
    """End the session on the server and forget the cookie."""
    await credentials.log_out(request.cookies.get(COOKIE_NAME))
    response = redirect("/")
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@get("/account/wachtwoord-vergeten", name="forgot_password")
async def forgot_password_page() -> Response[bytes]:
    """The form to ask for a password reset link."""
    return page("accounts/forgot_password.html", sent=False)


@post("/account/wachtwoord-vergeten", name="forgot_password_submit")
async def forgot_password(request: WebRequest) -> Response[bytes]:
    """Send a reset link if the account exists; the answer is the same either way."""
    data = await form_data(request)
    # After the answer is sent, so known and unknown addresses answer equally fast.
    task = BackgroundTask(
        credentials.request_password_reset, data.get("email", ""), client_address(request)
    )
    response = page("accounts/forgot_password.html", sent=True)
    response.background = task
    return response


@get(f"{RESET_PATH}/{{token:str}}", name="reset_password")
async def reset_password_page(token: FromPath[str]) -> Response[bytes]:
    """The new-password form behind a reset link."""
    if not await credentials.reset_token_valid(token):
        return page("accounts/link_invalid.html", status=400)
    return page("accounts/reset_password.html", token=token, errors={})


@post(f"{RESET_PATH}/{{token:str}}", name="reset_password_submit")
async def reset_password(request: WebRequest, token: FromPath[str]) -> Response[bytes]:
    """Set the new password and end every session of the account."""
    data = await form_data(request)
    answer = await credentials.reset_password(token, data.get("password", ""))
    if answer.reason == MISSING:
        return page("accounts/link_invalid.html", status=400)
    if not answer.ok:
        errors = answer.field_problems
        return page("accounts/reset_password.html", status=400, token=token, errors=errors)
    return redirect("/account/inloggen?melding=wachtwoord-hersteld")


ROUTES = [
    register_page,
    register,
    register_done,
    confirm_email,
    login_page,
    login,
    logout,
    forgot_password_page,
    forgot_password,
    reset_password_page,
    reset_password,
]
