"""Every route of the application, read from its route registry, filled in with real ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tests.security.world import World

_PARAM = re.compile(r"\{(\w+):(\w+)\}")
SKIPPED_METHODS = {"OPTIONS", "HEAD"}


@dataclass(frozen=True)
class Route:
    """One method on one path, as the router knows it."""

    method: str
    path: str
    name: str

    @property
    def key(self) -> str:
        """How the expectation table names the route."""
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        """The path parameter names."""
        return [name for name, _kind in _PARAM.findall(self.path)]


_NOT_QUERY = {"request", "data", "state", "scope", "socket", "headers", "cookies", "query"}


def query_names(app: Any) -> dict[str, set[str]]:
    """The query parameters each route's handler declares, by route key."""
    names: dict[str, set[str]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            declared = set(handler.parsed_fn_signature.parameters) - _NOT_QUERY
            declared -= {name for name, _kind in _PARAM.findall(route.path)}
            for method in handler.http_methods:
                names[f"{method} {route.path}"] = declared
    return names


def route_table(app: Any) -> list[Route]:
    """Every (method, path) the application answers, except OPTIONS and HEAD."""
    found = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            for method in handler.http_methods:
                if method not in SKIPPED_METHODS:
                    found.add(Route(method, route.path, str(handler.name or "")))
    return sorted(found, key=lambda r: (r.path, r.method))


def focus_round(route: Route, world: World, round_id: int | None) -> int | None:
    """The round a request is about (from round_id, or from the object it names)."""
    if "round_id" in route.params:
        return round_id
    for name in route.params:
        owner = world.owner_round.get((name, world.samples.get(name)))
        if owner is not None:
            return owner
    return None


def fill(route: Route, world: World, round_id: int | None, **override: Any) -> str:
    """The path with every parameter replaced by an existing value (or an override)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in override:
            return str(override[name])
        if name == "round_id":
            return str(round_id)
        if name == "filename" and route.path.startswith("/projecten/"):
            return str(world.samples["project_filename"])
        return str(world.samples[name])

    return _PARAM.sub(value, route.path)
