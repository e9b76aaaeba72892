"""Platform-wide pages: home, language switch and the public audit page (health: ops_routes)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.audit import queries as audit_queries
from app.i18n import LANGUAGES
from app.web.helpers import cookie_secure, form_data, page, safe_next
from app.web.middleware import LANGUAGE_COOKIE

PAGE_SIZE = 50


@get("/", name="home")
async def home() -> Template:
    """The landing page: what Wijkstem is and where to start."""
    from app.areas import queries as area_queries

    return page("home.html", districts=await area_queries.top_areas())


@post("/taal", name="language")
async def switch_language(request: Request[Any, Any, Any]) -> Redirect:
    """Remember the chosen language in a cookie and return to the page the visitor was on."""
    data = await form_data(request)
    language = data.get("language", "")
    response = Redirect(path=safe_next(data.get("next")), status_code=303)
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=cookie_secure(),
        )
    return response


@get("/audit", name="audit")
async def audit_page(page_number: FromQuery[int] = 1) -> Template:
    """The public audit chain: its head hash and the newest events."""
    page_number = max(1, page_number)
    events = await audit_queries.latest_events(PAGE_SIZE, (page_number - 1) * PAGE_SIZE)
    return page(
        "audit/index.html",
        head=await audit_queries.head_hash(),
        total=await audit_queries.count_events(),
        events=events,
        page_number=page_number,
        page_size=PAGE_SIZE,
    )


ROUTES = [home, switch_language, audit_page]
