"""ASGI middleware: security headers, and per-request language and signed-in user."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, BeforeMessageSendHookHandler, Message, Receive, Scope, Send

from app.accounts.sessions import COOKIE_NAME, load_session
from app.i18n import current_language, pick_language
from app.runtime import current_settings
from app.web.types import WebConnection

LANGUAGE_COOKIE = "wijkstem_lang"

_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def content_security_policy(tile_origin: str = "") -> str:
    """The CSP; a configured map-tile host is allowed as an image source, nothing more."""
    if not tile_origin:
        return _CSP
    return _CSP.replace("img-src 'self' data:;", f"img-src 'self' data: {tile_origin};", 1)


def security_headers(
    production: bool | None = None, tile_origin: str | None = None
) -> BeforeMessageSendHookHandler:
    """A before-send hook: CSP, framing, sniffing, referrer and (in production) HSTS headers.

    A hook, not a route middleware, so the router's own 404 and 405 answers carry them too.
    """
    if production is None:
        production = current_settings().production
    if tile_origin is None:
        tile_origin = current_settings().map_tile_origin
    csp = content_security_policy(tile_origin)

    async def hook(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            headers = MutableScopeHeaders.from_message(message)
            headers.setdefault("Content-Security-Policy", csp)
            headers.setdefault("X-Content-Type-Options", "nosniff")
            headers.setdefault("X-Frame-Options", "DENY")
            headers.setdefault("Referrer-Policy", "same-origin")
            headers.setdefault("Cache-Control", "no-store")
            if production:
                headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    return hook


def request_context(app: ASGIApp) -> ASGIApp:
    """Set the request's language and load the signed-in user into `request.state.user`."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        connection: WebConnection = ASGIConnection(scope)
        language = pick_language(connection.cookies.get(LANGUAGE_COOKIE), None)
        lang_token = current_language.set(language)
        try:
            path = scope.get("path", "")
            if path.startswith("/static/"):
                user = None
            else:
                user = await load_session(connection.cookies.get(COOKIE_NAME))
            scope.setdefault("state", {})
            scope["state"]["user"] = user
            scope["state"]["language"] = language
            await app(scope, receive, send)
        finally:
            current_language.reset(lang_token)

    return middleware
