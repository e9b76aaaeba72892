"""Template helpers: money shown in Dutch notation from integer cents; escaping is on."""

from __future__ import annotations

from app.web.templating import euro, make_environment


def test_euro_formats_cents_the_dutch_way() -> None:
    assert euro(123450) == "€ 1.234,50"
    assert euro(5) == "€ 0,05"
    assert euro(-250000) == "-€ 2.500,00"
    assert euro(None) == ""


def test_user_text_is_escaped_in_templates() -> None:
    env = make_environment()
    rendered = env.from_string("{{ text }}", globals={}).render(text="<script>alert(1)</script>")
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
