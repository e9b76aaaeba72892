"""Type names the web layer shares."""

from __future__ import annotations

from litestar import Request
from litestar.datastructures import State

from app.jsontypes import JSONList, JSONObject, TemplateContext

__all__ = ["JSONList", "JSONObject", "TemplateContext", "WebRequest"]

# What every handler receives: Litestar's request. The app uses neither Litestar's `user` nor its
# `auth` (the signed-in account is loaded by app.web.middleware into the scope's state).
WebRequest = Request[object, object, State]
