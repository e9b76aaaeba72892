"""Safe Markdown: markdown-it-py with raw HTML off, then cleaned by an nh3 allow-list."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_SAFE_PREFIXES = ("http://", "https://", "mailto:")

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def _keep_safe_href(tag: str, attribute: str, value: str) -> str | None:
    """Only absolute http, https and mailto links survive (no relative or script links)."""
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(_SAFE_PREFIXES) else None
    return value


def render_html(text: str) -> str:
    """Markdown to sanitised HTML; headings become h3/h4 so they sit below the page's own."""
    tokens = _MD.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag == "h1" else "h4"
    html = _MD.renderer.render(tokens, _MD.options, {})
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener",
        attribute_filter=_keep_safe_href,
    )


def render(text: str) -> Markup:
    """Sanitised HTML of a Markdown text, marked safe for templates."""
    return Markup(render_html(text))  # noqa: S704  # the HTML went through the nh3 allow-list
