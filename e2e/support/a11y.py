"""Inject axe-core into a page and fail on serious or critical WCAG 2.1 AA violations."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;true"


def assert_accessible(page: Page) -> None:
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
