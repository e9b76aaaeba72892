"""Tables marked `class="stack"` read as blocks on phones: each cell gets its column's name.

The CSS (`table.stack` in site.css) shows `data-label` before each cell on narrow screens;
this filter copies the header texts into the cells of the rendered page, so templates only add
the class. Body and footer rows are labelled; cells that already carry a `data-label`, or span
several columns, are left alone (the cells after a span get the name of their own column).
"""

from __future__ import annotations

import re

from markupsafe import Markup

_TABLE = re.compile(r'<table class="stack"[^>]*>.*?</table>', re.DOTALL)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
_BODY = re.compile(r"<t(?:body|foot)>(.*?)</t(?:body|foot)>", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<t([dh])\b([^>]*)>")
_SPAN = re.compile(r'colspan="?(\d+)')
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _plain(html: str) -> str:
    text = _SPACE.sub(" ", _TAG.sub("", html)).strip().rstrip("?:").strip()
    return text.replace('"', "&#34;")


def _label_row(row: str, names: list[str]) -> str:
    position = 0

    def cell(match: re.Match[str]) -> str:
        nonlocal position
        kind, attributes = match.group(1), match.group(2)
        name = names[position] if position < len(names) else ""
        span = _SPAN.search(attributes)
        position += int(span.group(1)) if span else 1
        if not name or "data-label" in attributes or span:
            return match.group(0)
        return f'<t{kind}{attributes} data-label="{name}">'

    return _CELL.sub(cell, row)


def _label_table(table: str) -> str:
    head = _HEAD.search(table)
    if head is None or _BODY.search(table) is None:
        return table
    # A column whose header is only for screen readers (e.g. "Action") gets no visible label.
    names = [
        "" if "visually-hidden" in inner else _plain(inner) for inner in _TH.findall(head.group(1))
    ]
    return _BODY.sub(
        lambda body: _ROW.sub(lambda m: _label_row(m.group(0), names), body.group(0)), table
    )


def stack_tables(html: str) -> Markup:
    """The page content with the cells of every `table.stack` labelled by their column."""
    if '<table class="stack"' not in html:
        return Markup(html)  # noqa: S704 - rendered, autoescaped template output
    return Markup(_TABLE.sub(lambda m: _label_table(m.group(0)), html))  # noqa: S704 - our own escaped output
