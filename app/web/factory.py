"""create_app: wires every registered module into one Litestar application."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from litestar import Litestar, Response
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ASGIApp, ControllerRouterHandler, Receive, Scope, Send

from app import __version__
from app.db import close_pool, start_pool
from app.modules import Module, load_modules
from app.runtime import Runtime, activate, build, install, using
from app.settings import Settings, get_settings
from app.web import core_routes, ops_routes
from app.web.errors import http_error, server_error
from app.web.helpers import login_url, redirect, user_of
from app.web.limits import request_limits
from app.web.middleware import request_context, security_headers
from app.web.observability import observe
from app.web.templating import make_environment
from app.web.types import WebRequest

STATIC_DIR = Path(__file__).parent / "static"


def _unauthorized(request: WebRequest, exc: NotAuthorizedException) -> Response[object]:
    if request.url.path.startswith("/api/") or request.method != "GET":
        return http_error(request, exc)
    return redirect(login_url(request.url.path), status=303)


def _template_globals(modules: list[Module]) -> dict[str, object]:
    merged: dict[str, object] = {
        "user_of": user_of,
        "module_nav": [link for module in modules for link in module.nav],
    }
    for module in modules:
        merged.update(module.template_globals)
    return merged


def _runtime_middleware(runtime: Runtime) -> Callable[[ASGIApp], ASGIApp]:
    """ASGI middleware: every request of this application runs with its own runtime."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            with using(runtime):
                await app(scope, receive, send)

        return middleware

    return factory


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the application from the settings and the module registry.

    The settings give one `Runtime` (engine, password hasher, mailer; app.runtime) that every
    request, the background job runner and the handlers (dependency `runtime`) use.
    """
    settings = settings or get_settings()
    runtime = build(settings)
    install(runtime)  # the process default: the first application built in this process

    async def activate_runtime() -> None:
        activate(runtime)  # the start-up hooks after this one, and the tasks they start

    async def provide_runtime() -> Runtime:
        return runtime

    modules = load_modules()
    handlers: list[ControllerRouterHandler] = [*core_routes.ROUTES, *ops_routes.ROUTES]
    for module in modules:
        if module.routes is not None:
            handlers.extend(module.routes())
    for handler in handlers:
        # The OpenAPI schema documents the JSON API only, not the HTML pages.
        paths: set[str] = getattr(handler, "paths", set())
        if paths and not any(path.startswith("/api/") for path in paths):
            setattr(handler, "include_in_schema", False)  # noqa: B010  (any kind of handler)
    handlers.append(
        create_static_files_router(path="/static", directories=[STATIC_DIR], name="static")
    )
    env = make_environment(
        {
            **_template_globals(modules),
            "map_tiles": settings.map_tiles,
            "map_attribution": settings.map_attribution,
        },
        settings,
    )
    return Litestar(
        route_handlers=handlers,
        template_config=TemplateConfig(
            engine=JinjaTemplateEngine.from_environment(env),
        ),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="wijkstem_csrf",
            cookie_secure=settings.production,
            cookie_httponly=True,
            cookie_samesite="lax",
            exclude=["/api/"],
        ),
        middleware=[_runtime_middleware(runtime), observe, request_limits, request_context],
        dependencies={"runtime": Provide(provide_runtime)},
        before_send=[security_headers(settings.production, settings.map_tile_origin)],
        exception_handlers={
            NotAuthorizedException: _unauthorized,
            HTTPException: http_error,
            Exception: server_error,
        },
        openapi_config=OpenAPIConfig(
            title="Wijkstem open data API",
            version=__version__,
            path="/api/schema",
            # Machine-readable only: a UI would load scripts from a CDN, which the CSP forbids.
            render_plugins=[JsonRenderPlugin()],
        ),
        on_startup=[
            activate_runtime,
            start_pool,
            *(hook for m in modules for hook in m.on_startup),
        ],
        on_shutdown=[*(hook for m in reversed(modules) for hook in m.on_shutdown), close_pool],
        request_max_body_size=12 * 1024 * 1024,
        multipart_form_part_limit=200,
        debug=False,
        logging_config=None,  # app/logs.py configures logging (JSON in production)
    )
