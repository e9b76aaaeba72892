"""Error pages: every refusal is a helpful 4xx page (or JSON under /api); never a bare 500."""

from __future__ import annotations

import logging

from litestar import MediaType, Response
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from app.i18n import _
from app.web.helpers import error_page
from app.web.types import WebRequest

log = logging.getLogger("wijkstem")


def _message(exc: HTTPException) -> str:
    if isinstance(exc, PermissionDeniedException) and "CSRF" in str(exc.detail):
        return _(
            "This form has expired or was sent from another site. "
            "Go back, reload the page and try again."
        )
    if isinstance(exc, NotFoundException):
        return _("We could not find this page.")
    if exc.status_code == 401:
        return _("Please log in to continue.")
    if exc.status_code == 403:
        return _("You are not allowed to do this.")
    if exc.status_code == 405:
        return _("This address does not accept that kind of request.")
    if exc.status_code == 429:
        return _("Too many attempts. Wait a few minutes and try again.")
    if exc.status_code == 413:
        return _("What you sent is too large.")
    detail = str(exc.detail or "")
    return detail if detail and exc.status_code < 500 else _("Something went wrong.")


def http_error(request: WebRequest, exc: HTTPException) -> Response[object]:
    """Render an HTTP error with a plain-language message."""
    status = exc.status_code
    message = _message(exc)
    headers = dict(exc.headers or {})  # e.g. the Allow header of a 405
    if request.url.path.startswith("/api/"):
        return Response(
            {"status": status, "status_code": status, "detail": message},
            status_code=status,
            media_type=MediaType.JSON,
            headers=headers,
        )
    page = error_page(status, message)
    page.headers.update(headers)
    return page  # type: ignore[return-value]  # a Template is the Response Litestar expects


def server_error(request: WebRequest, exc: Exception) -> Response[object]:
    """Log an unexpected failure and show a calm page without details."""
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    status = HTTP_500_INTERNAL_SERVER_ERROR
    message = _("Something went wrong on our side. Nothing was saved. Please try again later.")
    if request.url.path.startswith("/api/"):
        return Response(
            {"status": status, "status_code": status, "detail": message},
            status_code=status,
            media_type=MediaType.JSON,
        )
    return error_page(status, message)  # type: ignore[return-value]  # a Template is the Response Litestar expects
