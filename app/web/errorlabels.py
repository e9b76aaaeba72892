"""Error summaries name each field: "Label: problem", linked to the field (NL Design System).

The summary is rendered before the form, so it cannot know the labels; this filter runs over
the rendered page content once, finds each summary link (`data-error-field`) and puts the
label of the field it points to (its `<label for>`, or its fieldset's legend) in front of the
message. A link whose field is not on the page becomes plain text.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_LINK = re.compile(r'<a href="#([\w-]+)" data-error-field="\1">(.*?)</a>', re.DOTALL)
_LABEL = re.compile(r'<label\b[^>]*\bfor="([\w-]+)"[^>]*>(.*?)</label>', re.DOTALL)
_LEGEND = re.compile(
    r'<fieldset\b[^>]*\bid="([\w-]+)"[^>]*>\s*<legend\b[^>]*>(.*?)</legend>', re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _plain(html: str) -> str:
    """The text of a piece of (already escaped) HTML, on one line, without a trailing colon."""
    return _SPACE.sub(" ", _TAG.sub("", html)).strip().rstrip(":").strip()


def label_errors(html: str) -> Markup:
    """The page content with every error-summary link naming its field's label."""
    if "data-error-field" not in html:
        return Markup(html)  # noqa: S704 - rendered, autoescaped template output
    labels: dict[str, str] = {}
    for pattern in (_LEGEND, _LABEL):
        for field, inner in pattern.findall(html):
            labels.setdefault(field, _plain(inner))

    def named(match: re.Match[str]) -> str:
        field, message = match.group(1), match.group(2)
        label = labels.get(field, "")
        text = f'<span class="error-field-label">{label}</span>: {message}' if label else message
        if f'id="{field}"' not in html:
            return f'<span data-error-field="{field}">{text}</span>'
        return f'<a href="#{field}" data-error-field="{field}">{text}</a>'

    return Markup(_LINK.sub(named, html))  # noqa: S704 - rewrites our own escaped output
