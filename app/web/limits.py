"""Request limits checked before a handler sees the request: numbers, form fields, JSON depth.

Anonymous requests must never stall the event loop or reach the database with values it
cannot store: an integer beyond the 32-bit ids is refused, a form with too many fields is
refused while it streams in, and so is JSON nested deeper than any real document.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.exceptions import ClientException, NotFoundException
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from app.i18n import _

MAX_INT = 2**31 - 1  # ids are 32-bit on PostgreSQL; nothing a URL carries is larger
MAX_FORM_FIELDS = 2_000
MAX_JSON_DEPTH = 32
_INTEGER = re.compile(r"[+-]?\d+")


class TooLarge(ClientException):
    """The request is larger or more complex than any real form."""

    status_code = 413


def _out_of_range(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_INT
    return isinstance(value, str) and bool(_INTEGER.fullmatch(value)) and abs(int(value)) > MAX_INT


def check_numbers(scope: Scope) -> None:
    """Refuse a path id (404) or a query number (400) that no row can have."""
    if any(_out_of_range(value) for value in scope.get("path_params", {}).values()):
        raise NotFoundException()
    numeric = _integer_query_names(scope)
    if not numeric:
        return
    for name, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if name in numeric and _out_of_range(value):
            raise ClientException(_("A number in the address is too large."))


def _integer_query_names(scope: Scope) -> set[str]:
    """The query parameters the route's handler reads as whole numbers."""
    handler = scope.get("route_handler")
    signature = getattr(handler, "parsed_fn_signature", None)
    if signature is None:
        return set()
    return {
        name
        for name, field in signature.parameters.items()
        if field.is_subclass_of(int) and not field.is_subclass_of(bool)
    }


class _JsonDepth:
    """Tracks the nesting depth of a JSON body chunk by chunk (strings skipped)."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escaped = False

    def feed(self, chunk: bytes) -> bool:
        """Feed the next chunk; False when the body nests deeper than allowed."""
        for byte in chunk:
            if self.in_string:
                if self.escaped:
                    self.escaped = False
                elif byte == 0x5C:  # backslash
                    self.escaped = True
                elif byte == 0x22:  # quote
                    self.in_string = False
            elif byte == 0x22:
                self.in_string = True
            elif byte in (0x5B, 0x7B):  # [ {
                self.depth += 1
                if self.depth > MAX_JSON_DEPTH:
                    return False
            elif byte in (0x5D, 0x7D):  # ] }
                self.depth -= 1
        return True


def _guarded_receive(receive: Receive, content_type: str) -> Receive:
    is_form = content_type.startswith("application/x-www-form-urlencoded")
    # Anything but a form may be decoded as JSON by a handler, whatever it claims to be.
    depth = None if is_form or content_type.startswith("multipart/") else _JsonDepth()
    fields = 0

    async def guarded() -> ReceiveMessage:
        nonlocal fields
        message = await receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            if is_form:
                fields += chunk.count(b"&")
                if fields >= MAX_FORM_FIELDS:
                    raise TooLarge(_("This form has too many fields."))
            if depth is not None and not depth.feed(chunk):
                raise TooLarge(_("This JSON is nested too deeply."))
        return message

    return guarded


def request_limits(app: ASGIApp) -> ASGIApp:
    """Route middleware: check numbers in the address, and watch the body as it streams in."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        check_numbers(scope)
        content_type = Headers.from_scope(scope).get("content-type", "").lower()
        if scope.get("method") in ("POST", "PUT", "PATCH", "DELETE"):
            receive = _guarded_receive(receive, content_type)
        await app(scope, receive, send)

    return middleware
