"""Type names the web layer shares."""

from __future__ import annotations

from typing import Any

from litestar import Request

# What every handler receives: Litestar's request with the app's (untyped) user, auth and state.
WebRequest = Request[Any, Any, Any]
