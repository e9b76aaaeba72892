"""Type names the web layer shares."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import State

from app.jsontypes import JSONList, JSONObject, TemplateContext

__all__ = ["JSONList", "JSONObject", "TemplateContext", "WebConnection", "WebRequest"]

# What every handler receives: Litestar's request. The app uses neither Litestar's `user` nor its
# `auth` (the signed-in account is loaded by app.web.middleware into the scope's state).
WebRequest = Request[object, object, State]
# What guards, middleware and helpers receive: any connection (a WebRequest, a websocket, the bare
# connection Litestar hands to guards). Litestar's own guard type leaves all four parameters open.
WebConnection = ASGIConnection[Any, Any, Any, Any]
