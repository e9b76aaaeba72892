"""Request ids, the access log line and the Prometheus metrics of each request.

With several server processes, `wijkstem serve` sets PROMETHEUS_MULTIPROC_DIR so that
`/metrics` adds up every worker's counters.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import time

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from app.logs import request_id

LOG = logging.getLogger("wijkstem.access")
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
CAST_ROUTES = {"vote_cast": "code", "vote_account_cast": "account"}

REQUESTS = Counter(
    "wijkstem_http_requests_total", "HTTP requests by route name and status", ["route", "status"]
)
DURATION = Histogram(
    "wijkstem_http_request_duration_seconds",
    "Time to answer a request, by route name",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CASTS = Counter(
    "wijkstem_ballots_cast_total", "Ballots cast through the web, by channel", ["channel"]
)


def _route(scope: Scope) -> str:
    handler = scope.get("route_handler")
    name = getattr(handler, "name", None)
    return str(name) if name else "unmatched"


def observe(app: ASGIApp) -> ASGIApp:
    """Give each request an id (header X-Request-ID), count it and log one access line."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if _INCOMING_ID.match(incoming) else secrets.token_hex(8)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableScopeHeaders.from_message(message)["X-Request-ID"] = rid
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = _route(scope)
            REQUESTS.labels(route, str(status)).inc()
            DURATION.labels(route).observe(elapsed)
            if route in CAST_ROUTES and status == 200:
                CASTS.labels(CAST_ROUTES[route]).inc()
            LOG.info(
                "%s %s %s %.1f ms",
                scope.get("method", "-"),
                route,
                status,
                elapsed * 1000,
                extra={
                    "route": route,
                    "method": scope.get("method", "-"),
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            request_id.reset(token)

    return middleware


def request_metrics() -> bytes:
    """The request counters of every worker process, in the Prometheus text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # prometheus_client leaves it untyped
        return bytes(generate_latest(registry))
    return bytes(generate_latest(REGISTRY))


def gauge_lines(
    name: str, help_text: str, value: float, labels: dict[str, object] | None = None
) -> str:
    """One gauge in the Prometheus text format (for figures read from the database)."""
    label = ""
    if labels:
        label = "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}"
    return f"# HELP {name} {help_text}\n# TYPE {name} gauge\n{name}{label} {value}\n"
