"""Small helpers shared by controllers: the current user, guards, forms, cookies, redirects."""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Template

from app.accounts.permissions import ANONYMOUS, Principal, is_admin, is_staff
from app.runtime import current_settings
from app.web.proxies import hops, real_client
from app.web.types import WebConnection, WebRequest


def user_of(connection: WebConnection) -> Principal:
    """The signed-in user of a request, or anonymous."""
    user = connection.scope.get("state", {}).get("user")
    return user if isinstance(user, Principal) else ANONYMOUS


def login_required(connection: WebConnection, _: BaseRouteHandler) -> None:
    """Guard: the visitor must be signed in."""
    if not user_of(connection).authenticated:
        raise NotAuthorizedException()


def staff_required(connection: WebConnection, _: BaseRouteHandler) -> None:
    """Guard: municipal staff (or admin) only."""
    login_required(connection, _)
    if not is_staff(user_of(connection)):
        raise PermissionDeniedException()


def admin_required(connection: WebConnection, _: BaseRouteHandler) -> None:
    """Guard: administrators only."""
    login_required(connection, _)
    if not is_admin(user_of(connection)):
        raise PermissionDeniedException()


async def form_data(request: WebRequest) -> dict[str, str]:
    """The submitted form as plain strings (the last value wins for repeated fields)."""
    form = await request.form()
    data: dict[str, str] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            data[key] = value.strip()
    return data


async def form_lists(request: WebRequest) -> dict[str, list[str]]:
    """The submitted form with every value of repeated fields (checkbox groups)."""
    form = await request.form()
    data: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            data.setdefault(key, []).append(value.strip())
    return data


def page(name: str, status: int = 200, **context: object) -> Template:
    """Render a template with the given context."""
    return Template(template_name=name, context=context, status_code=status)


def error_page(status: int, message: str) -> Template:
    """The error page with a plain-language message, answered with that status."""
    return Template(
        template_name="errors/error.html",
        context={"status": status, "message": message},
        status_code=status,
    )


def unsubscribe_page(
    kind: str, *, status: int = 200, confirm_url: str = "", back_url: str = "", done: bool = False
) -> Template:
    """Stop the mail about a followed `kind` ("proposal" or "project"): ask, done, or a bad link."""
    if not (done or confirm_url) and status == 200:
        status = 404  # the link's token is unknown
    context = {"kind": kind, "confirm_url": confirm_url, "back_url": back_url, "done": done}
    return page("unsubscribe.html", status=status, **context)


def redirect(path: str, status: Literal[301, 302, 303, 307, 308] = 303) -> Redirect:
    """Post/redirect/get: send the browser to another page with a GET."""
    return Redirect(path=path, status_code=status)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths are followed after login, never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def login_url(next_path: str) -> str:
    """The login page that returns to `next_path` afterwards."""
    return f"/account/inloggen?next={quote(next_path)}"


def cookie_secure() -> bool:
    """Cookies are marked Secure in production."""
    return current_settings().production


def client_address(connection: WebConnection) -> str:
    """The real client address: the peer, or what a proxy in WIJKSTEM_TRUSTED_PROXIES reports.

    Every throttle keys on this, so behind a proxy one visitor never throttles another.
    """
    peer = connection.scope.get("client")
    host = str(peer[0]) if peer else "unknown"
    trusted = current_settings().trusted_proxies
    if not trusted:
        return host
    return real_client(host, hops(connection.scope.get("headers", [])), trusted)
