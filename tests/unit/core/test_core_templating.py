"""Template helpers: one money filter in Dutch notation from integer cents; escaping is on."""

from __future__ import annotations

import re

from app.web.templating import TEMPLATES_DIR, make_environment, money


def test_money_shows_whole_euros_without_cents_and_cents_only_where_they_exist() -> None:
    assert money(1800000) == "€ 18.000"
    assert money(123450) == "€ 1.234,50"
    assert money(5) == "€ 0,05"
    assert money(0) == "€ 0"
    assert money(-250000) == "-€ 2.500"
    assert money(None) == ""


def test_the_old_euro_filter_name_shows_the_same_text() -> None:
    env = make_environment()
    rendered = env.from_string("{{ a | euro }} / {{ a | money }}").render(a=1800000)
    assert rendered == "€ 18.000 / € 18.000"


def test_every_template_formats_money_with_the_one_filter() -> None:
    """No template formats cents itself or through an older filter name."""
    offenders = []
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\|\s*euro\b|_cents\s*/\s*100|\.2f", text):
            offenders.append(str(path.relative_to(TEMPLATES_DIR)))
    assert offenders == []


def test_user_text_is_escaped_in_templates() -> None:
    env = make_environment()
    rendered = env.from_string("{{ text }}", globals={}).render(text="<script>alert(1)</script>")
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
