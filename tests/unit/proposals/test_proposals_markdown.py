"""The Markdown sanitiser keeps the allow-listed tags and strips everything that could run."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from proposals.markdown import ALLOWED_TAGS, render_html


class _Tags(HTMLParser):
    """Collects the real elements and attributes of an HTML fragment (not escaped text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        "<svg onload=alert(1)>",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_nothing_executable_survives(source: str) -> None:
    for tag, attrs in elements(render_html(source)):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") for name in attrs)
        href = (attrs.get("href") or "").lower()
        assert not href.startswith(("javascript:", "data:"))


def test_allowed_tags_are_kept() -> None:
    source = (
        "# Kop\n\n## Tussenkop\n\n**vet** *schuin* `code`\n\n> citaat\n\n"
        "- een\n- twee\n\n1. eerst\n\n```\nblok\n```\n\nregel  \nafgebroken"
    )
    html = render_html(source)
    for tag in ("<h3>", "<h4>", "<strong>", "<em>", "<code>", "<blockquote>", "<ul>", "<ol>"):
        assert tag in html
    assert "<pre><code>" in html
    assert "<br" in html
    assert "<h1>" not in html and "<h2>" not in html


def test_links_are_absolute_and_get_nofollow() -> None:
    html = render_html("[a](https://groningen.nl) [b](mailto:wijk@example.org) [c](/intern)")
    assert '<a href="https://groningen.nl" rel="nofollow noopener">a</a>' in html
    assert 'href="mailto:wijk@example.org"' in html
    assert 'href="/intern"' not in html


def test_raw_html_is_shown_as_text() -> None:
    assert render_html("<b>hoi</b>") == "<p>&lt;b&gt;hoi&lt;/b&gt;</p>\n"
