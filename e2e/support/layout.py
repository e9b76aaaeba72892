"""Phone-first layout checks: every page at 360x740 and 1280x800, with a screenshot of each."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent.parent
SHOTS = ROOT / "test-results" / "pages"
# One line per page checked: its screenshot stem and the address it showed (read by
# `make screenshots-list`, which writes docs/screenshots.md).
INDEX = SHOTS / "index.tsv"
VIEWPORTS = ((360, 740), (1280, 800))
MIN_TEXT_WIDTH = 120

# Visible blocks of running text (at least a few words) narrower than MIN_TEXT_WIDTH pixels.
_NARROW_TEXT = """(minWidth) => {
  const out = [];
  const blocks = 'p, li, dd, dt, td, th, h1, h2, h3, h4, label, legend, figcaption, summary';
  for (const el of document.querySelectorAll(blocks)) {
    const text = el.textContent.replace(/\\s+/g, ' ').trim();
    if (text.length < 16 || text.indexOf(' ') < 0) continue;
    if (el.closest('.visually-hidden, [hidden], svg')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
    const name = el.tagName.toLowerCase();
    if (box.width < minWidth) out.push(`${name} ${Math.round(box.width)}px: ${text.slice(0, 40)}`);
  }
  return out;
}"""

# The elements that stick out past the right edge (outside any scrolling box), for the report.
_WIDE = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5 || box.width === 0) continue;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const o = getComputedStyle(up).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; }
    }
    if (clipped) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px: ` +
      (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40));
  }
  return out.slice(-3);
}"""

# Boxes (tables in a .table-scroll) whose content scrolls sideways inside them.
_SIDEWAYS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.table-scroll')) {
    if (el.scrollWidth > el.clientWidth + 1) {
      const table = el.querySelector('table');
      const name = table ? (table.dataset.testid || table.className || 'table') : 'box';
      out.push(`${name} ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  return out;
}"""

_taken: dict[str, int] = {}


def _slug(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.strip("/") or "home"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
    if parts.query:
        slug += "-" + re.sub(r"[^A-Za-z0-9]+", "-", parts.query).strip("-")[:40]
    return slug[:90]


def screenshot_name(page: Page, prefix: str = "") -> str:
    """A stable, unique file stem for the page being shown (a repeat visit gets a number)."""
    stem = (prefix + "/" if prefix else "") + _slug(page.url)
    _taken[stem] = _taken.get(stem, 0) + 1
    return stem if _taken[stem] == 1 else f"{stem}--{_taken[stem]}"


def check_widths(page: Page, stem: str) -> list[str]:
    """Show the page at both widths; return its problems; save a screenshot of each width."""
    problems: list[str] = []
    SHOTS.mkdir(parents=True, exist_ok=True)
    # After a click the next page may still be loading its stylesheets on a busy machine:
    # measured unstyled, a long hash made the page look 500 px wide.
    page.wait_for_load_state("load")
    original = page.viewport_size
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(50)
        document_width = page.evaluate("document.documentElement.scrollWidth")
        if document_width > width:
            wide = page.evaluate(_WIDE, width)
            problems.append(f"at {width}px the document is {document_width}px wide: {wide}")
        if width < 400:
            sideways = page.evaluate(_SIDEWAYS)
            if sideways:
                with (SHOTS / "sideways.txt").open("a", encoding="utf-8") as out:
                    out.write(f"{stem}: {sideways}\n")
        narrow = page.evaluate(_NARROW_TEXT, MIN_TEXT_WIDTH)
        if narrow:
            problems.append(f"at {width}px text narrower than {MIN_TEXT_WIDTH}px: {narrow[:3]}")
        path = SHOTS / f"{stem}-{width}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
    if original:
        page.set_viewport_size(original)
    parts = urlsplit(page.url)
    address = parts.path + (f"?{parts.query}" if parts.query else "")
    with INDEX.open("a", encoding="utf-8") as index:
        index.write(f"{stem}\t{address}\n")
    return problems
