"""Platform-wide pages: home, my tasks, language switch, audit and help (health: ops_routes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.audit import queries as audit_queries
from app.audit.words import action_sentence, actor_words, subject_words
from app.dates import local_datetime
from app.i18n import LANGUAGES
from app.modules import Task, load_modules
from app.web.helpers import (
    cookie_secure,
    form_data,
    login_required,
    page,
    safe_next,
    user_of,
)
from app.web.middleware import LANGUAGE_COOKIE
from app.web.types import WebRequest

PAGE_SIZE = 50
POSTCODE_COOKIE = "wijkstem_postcode"


async def tasks_of(request: WebRequest) -> list[Task]:
    """Everything waiting for the signed-in user, asked of every module that declares tasks."""
    user = user_of(request)
    if not user.authenticated:
        return []
    found: list[Task] = []
    for module in load_modules():
        if module.tasks is not None:
            found.extend(await module.tasks(user))
    return found


@get("/", name="home")
async def home(request: WebRequest, postcode: FromQuery[str | None] = None) -> Template:
    """The landing page: open budget rounds of the visitor's area (or all), each with its action."""
    from app.areas import queries as area_queries
    from app.areas.controllers import postcode_message
    from app.areas.postcodes import PostcodeError, parse_postcode
    from app.rounds.overview import open_rounds

    remembered = request.cookies.get(POSTCODE_COOKIE, "") or user_of(request).postcode
    wanted = remembered if postcode is None else postcode.strip()
    error, area, display = "", None, ""
    if wanted:
        try:
            parsed = parse_postcode(wanted)
            display = parsed.display
            area = await area_queries.area_for_postcode(str(parsed))
            if area is None:
                error = _unknown_postcode(display)
        except PostcodeError as problem:
            error, display = postcode_message(problem), wanted[:20]
    response = page(
        "home.html",
        status=400 if error and postcode is not None else 200,
        postcode=display,
        postcode_error=error if postcode is not None else "",
        area=area,
        rounds=await open_rounds(area.code if area else None, datetime.now(UTC)),
        tasks=await tasks_of(request),
        districts=await area_queries.top_areas(),
    )
    if postcode is not None and not error:
        if area is not None:
            response.set_cookie(
                POSTCODE_COOKIE,
                display.replace(" ", ""),
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="lax",
                secure=cookie_secure(),
            )
        else:
            response.delete_cookie(POSTCODE_COOKIE)
    return response


def _unknown_postcode(display: str) -> str:
    from app.i18n import _

    return _("We do not know postcode {postcode}: it is not in this municipality.").format(
        postcode=display
    )


@get("/mijn-taken", name="my_tasks", guards=[login_required])
async def my_tasks(request: WebRequest) -> Template:
    """What waits for this staff member, council member, certifier or administrator."""
    return page("tasks.html", tasks=await tasks_of(request))


@get("/help", name="help_page")
async def help_page() -> Template:
    """Help and frequently asked questions."""
    return page("pages/help.html")


@get("/contact", name="contact_page")
async def contact_page() -> Template:
    """How to reach the municipality about Wijkstem."""
    return page("pages/contact.html")


@get("/privacy", name="privacy_page")
async def privacy_page() -> Template:
    """The privacy statement."""
    return page("pages/privacy.html")


@get("/toegankelijkheid", name="accessibility_page")
async def accessibility_page() -> Template:
    """The accessibility statement (toegankelijkheidsverklaring)."""
    return page("pages/accessibility.html")


@get("/favicon.ico", name="favicon", include_in_schema=False)
async def favicon() -> Redirect:
    """Browsers ask for /favicon.ico; the icon is an SVG among the static files."""
    return Redirect(path="/static/favicon.svg", status_code=301)


@post("/taal", name="language")
async def switch_language(request: WebRequest) -> Redirect:
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


async def _official_names(events: list[dict[str, Any]]) -> dict[str, str]:
    """Names of actors who hold a role (staff, council, ...); residents stay unnamed."""
    from app.accounts import queries as account_queries

    names: dict[str, str] = {}
    for actor in {str(e["actor"]) for e in events if str(e["actor"]).startswith("user:")}:
        user_id = int(actor[5:])
        roles = {str(r.role) for r in await account_queries.roles_of(user_id)} - {"resident"}
        profile = await account_queries.profile(user_id) if roles else None
        if profile:
            names[actor] = str(profile.name)
    return names


@get("/audit", name="audit")
async def audit_page(page_number: FromQuery[int] = 1) -> Template:
    """The public audit chain: its head hash and the newest events."""
    page_number = max(1, page_number)
    events = await audit_queries.latest_events(PAGE_SIZE, (page_number - 1) * PAGE_SIZE)
    names = await _official_names(events)
    return page(
        "audit/index.html",
        head=await audit_queries.head_hash(),
        total=await audit_queries.count_events(),
        events=[
            {
                **event,
                "when": local_datetime(datetime.fromisoformat(str(event["created_at"]))),
                "what": action_sentence(str(event["action"])),
                "about": subject_words(str(event["subject"])),
                "who": actor_words(str(event["actor"]), names),
            }
            for event in events
        ],
        page_number=page_number,
        page_size=PAGE_SIZE,
    )


ROUTES = [
    home,
    my_tasks,
    help_page,
    contact_page,
    privacy_page,
    accessibility_page,
    favicon,
    switch_language,
    audit_page,
]
