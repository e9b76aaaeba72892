"""Check a page: axe-core (WCAG 2.1 AA) and the phone-first layout at two widths."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from e2e.support.layout import VIEWPORTS, check_widths, screenshot_name

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;true"


def assert_accessible(page: Page, prefix: str = "journeys") -> None:
    """At 360 and 1280 px: no sideways scrolling, no squeezed text, no serious axe finding."""
    problems = check_widths(page, screenshot_name(page, prefix))
    assert problems == [], f"layout problems on {page.url}: {problems}"
    original = page.viewport_size
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        _axe(page)
    if original:
        page.set_viewport_size(original)


def _axe(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) and assert nothing serious is found."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays on.
    page.evaluate(_axe_source())
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"accessibility violations on {page.url}: {bad}"
