"""The module registry: every domain package declares itself once, here the root lists them."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from litestar.types import ControllerRouterHandler

from app.accounts.permissions import Principal
from app.jsontypes import JSONObject

if TYPE_CHECKING:
    from app.audit.chain import Anchor
    from app.jobs.registry import JobHandler

# What a module's `cli` hook receives: the `wijkstem` command's subcommands, to add its own to.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
# What a module's `routes` hook answers: its controllers and route handlers.
Routes = Sequence[ControllerRouterHandler]

# Order matters: a module's migrations may depend on the modules before it.
MODULE_PACKAGES: tuple[str, ...] = (
    "app.audit",
    "app.jobs",
    "app.accounts",
    "app.areas",
    "app.programmes",
    "app.rounds",
    "proposals",
    "deliberation",
    "ballots",
    "ballots.box",
    "ballots.results",
    "ballots.register",
    "delivery",
    "initiatives",
    "reporting",
)


@dataclass(frozen=True)
class Task:
    """One piece of work waiting for someone ("Mijn taken"), with a link to where it is done."""

    title: str
    detail: str
    url: str
    action: str


@dataclass(frozen=True)
class AccountLine:
    """One line of a "Mijn account" section: text, a link, and optionally a button (POST)."""

    text: str
    url: str = ""
    button_url: str = ""
    button_label: str = ""


@dataclass(frozen=True)
class AccountSection:
    """A part of "Mijn account" a module contributes (my proposals, supports, follows, votes)."""

    key: str
    heading: str
    lines: tuple[AccountLine, ...]
    empty: str
    note: str = ""


Subject = TypeVar("Subject")


@dataclass(frozen=True)
class Panel(Generic[Subject]):
    """A block a module adds to a core page (Decidim's content blocks).

    `context` gets the page's subject (the area row, or the programme row) and answers the
    variables of `template`, or None to show nothing; the page renders the template with
    them under the name `panel`.
    """

    template: str
    context: Callable[[Subject], Awaitable[JSONObject | None]]


@dataclass(frozen=True)
class NavLink:
    """A main-menu entry a module adds (and, with `home_text`, a block on the home page).

    The texts are functions so they are translated into each request's language.
    """

    route: str
    label: Callable[[], str]
    testid: str
    home_heading: Callable[[], str] | None = None
    home_text: Callable[[], str] | None = None
    home_link: Callable[[], str] | None = None


@dataclass(frozen=True)
class Module:
    """What one domain package plugs into the platform."""

    name: str
    piccolo_app: str | None = None
    routes: Callable[[], Routes] | None = None
    cli: Callable[[Subcommands], None] | None = None
    template_globals: dict[str, object] = field(default_factory=dict)
    # Run when the web application starts and stops (e.g. a background worker), in order.
    on_startup: Sequence[Callable[[], Awaitable[None]]] = ()
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = ()
    # What is waiting for a signed-in user in this module ("Mijn taken"), already translated.
    tasks: Callable[[Principal], Awaitable[Sequence[Task]]] | None = None
    # What this module shows a signed-in user about themselves on "Mijn account".
    account_sections: Callable[[Principal], Awaitable[Sequence[AccountSection]]] | None = None
    # What the module holds about one account, for the resident's own data download (JSON).
    personal_data: Callable[[int], Awaitable[JSONObject]] | None = None
    # Facts this module knows about a round's phase preconditions (see app.rounds.phases.Facts).
    phase_facts: Callable[[int], Awaitable[dict[str, bool]]] | None = None
    # Which rounds (id -> phase) are "unverified polls" (no voter register): labelled in lists.
    unverified_polls: Callable[[dict[int, str]], Awaitable[set[int]]] | None = None
    # Points of the audit chain this module's signed records name (app.audit.chain.Anchor).
    audit_anchors: Callable[[], Awaitable[list[Anchor]]] | None = None
    # Job handlers by kind, run by the job runner (app/jobs); loaded lazily.
    jobs: Callable[[], Mapping[str, JobHandler]] | None = None
    # Blocks for core pages, by page name ("area", "programme").
    # (each page hands its own subject: an AreaRow to "area", a programme to "programme")
    panels: dict[str, Sequence[Panel[Any]]] = field(default_factory=dict)
    # Cents this module has committed on a programme's budget line: a line is never lowered below
    # what its modules committed on it.
    line_commitments: Callable[[int], Awaitable[int]] | None = None
    # Loads this module's demo data; answers one summary line.
    demo: Callable[[], Awaitable[str]] | None = None
    # Entries in the main menu and on the home page, after the budget rounds.
    nav: Sequence[NavLink] = ()
    # Reactions to domain events run inside the publisher's transaction (app.events.react).
    reactions: dict[str, Callable[[JSONObject], Awaitable[None]]] = field(default_factory=dict)


def load_modules() -> list[Module]:
    """Import each package's `module.MODULE` declaration, in registry order."""
    modules = []
    for package in MODULE_PACKAGES:
        declared = importlib.import_module(f"{package}.module")
        modules.append(declared.MODULE)
    return modules


async def account_sections_of(user: Principal) -> list[AccountSection]:
    """Every module's part of "Mijn account" for this user, in registry order."""
    found: list[AccountSection] = []
    for module in load_modules():
        if module.account_sections is not None:
            found.extend(await module.account_sections(user))
    return found


@dataclass(frozen=True)
class RenderedPanel:
    """A panel ready for a page: its template and its variables."""

    template: str
    data: JSONObject


async def panels_for(page: str, subject: object) -> list[RenderedPanel]:
    """Every registered panel of a page, in registry order, with its variables."""
    rendered = []
    for module in load_modules():
        for panel in module.panels.get(page, ()):
            data = await panel.context(subject)
            if data is not None:
                rendered.append(RenderedPanel(panel.template, data))
    return rendered


async def committed_on_line(line_id: int) -> int:
    """Cents every registered module has committed on a budget line."""
    total = 0
    for module in load_modules():
        if module.line_commitments is not None:
            total += await module.line_commitments(line_id)
    return total
