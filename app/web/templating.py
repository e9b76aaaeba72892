"""The Jinja environment: autoescaping, gettext through the request's language, helpers."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app.dates import local_date, local_datetime
from app.i18n import current_language, gettext, ngettext
from app.programmes.money import format_euros
from app.runtime import current_settings
from app.settings import ROOT, Settings
from app.web.errorlabels import label_errors
from app.web.stacktables import stack_tables

TEMPLATES_DIR = ROOT / "templates"


def money(cents: int | None) -> str:
    """The one money filter: "€ 18.000" for whole euros, "€ 18.000,50" otherwise, "" for None."""
    if cents is None:
        return ""
    return format_euros(int(cents))


def make_environment(
    extra_globals: dict[str, object] | None = None, settings: Settings | None = None
) -> Environment:
    """Build the Jinja environment of one application (its settings, or the current ones)."""
    settings = settings or current_settings()
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml", "svg"], default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Checking every template's mtime on each render costs ~4% CPU on the voting path.
        auto_reload=not settings.production,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension at run time
    env.globals.update(
        current_language=current_language.get,
        Markup=Markup,
        municipality=settings.municipality,
    )
    env.globals.update(extra_globals or {})
    env.filters["money"] = money
    # The old name of the same filter, so a template written before "money" still reads well;
    # tests/unit/core/test_core_templating.py keeps every template on "money".
    env.filters["euro"] = money
    env.filters["datetime"] = local_datetime
    env.filters["date"] = local_date
    env.filters["label_errors"] = label_errors
    env.filters["stack_tables"] = stack_tables
    return env
