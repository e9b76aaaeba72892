"""Every page, as every role: found by following links from home, at phone and desktop width."""

from __future__ import annotations

import json
import re
from collections import deque
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PADDEPOEL, wijkstem
from e2e.support.a11y import assert_accessible
from e2e.support.layout import SHOTS

# Links that are files, actions or other sites, not pages to look at.
SKIP = re.compile(
    r"^/(static|api|fotos|projecten/fotos)/|/csv/|\.(pdf|csv|json|pb|png|jpg|svg)$|/afmelden/|^/taal"
)
ROLES = (
    ("anonymous", "", ""),
    ("resident", "bewoner@wijkstem.example", "demo-bewoner-2026"),
    ("council", "raad.oosterpark@wijkstem.example", "demo-raad-2026"),
    ("staff", "staff@wijkstem.example", "demo-staff-2026"),
    ("certifier", "certifier@wijkstem.example", "demo-cert-2026"),
    ("admin", "admin@wijkstem.example", "demo-admin-2026"),
)
PER_ROLE = 70


def _kind(path: str) -> str:
    """Pages of one kind share a pattern: numbers and area codes become placeholders."""
    return re.sub(r"/[A-Z]{2}\d+[A-Z0-9]*", "/CODE", re.sub(r"\d+", "N", path))


def _page_for(browser: Browser, base_url: str, email: str, password: str) -> Page:
    page = browser.new_context(base_url=base_url, locale="nl-NL").new_page()
    if email:
        page.goto("/account/inloggen")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("logout")).to_be_visible()
    return page


def _links(page: Page) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    local = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != urlsplit(page.url).netloc or SKIP.search(parts.path):
            continue
        local.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return local


def _extra_pages(env: dict[str, str]) -> dict[str, list[str]]:
    """Pages a role works on that no link reaches once the journeys have run.

    The voting journey closed Paddepoel's vote before this walk, so its codes, paper and turnout
    tasks have left "Mijn taken"; failed mail is listed only when a mail failed.
    """
    rounds = {
        row["title"]: int(row["id"])
        for row in json.loads(wijkstem(env, "rounds", "list", "--json"))
    }
    voted = rounds[PADDEPOEL]
    return {
        "staff": [
            f"/beheer/stemmen/{voted}/codes",
            f"/beheer/stemmen/{voted}/papier",
            f"/stemmen/{voted}/opkomst",
            "/beheer/post",
        ],
    }


def test_every_page_fits_phone_and_desktop(
    browser: Browser, base_url: str, server_env: dict[str, str]
) -> None:
    """Each kind of page reachable by links, per role, passes axe and the width checks.

    What a role reaches from home, "Mijn taken" and the menus is checked for that role (the
    same address can show a role other buttons); deeper pages once, for the first role.
    """
    seen_kinds: set[str] = set()
    visited: list[str] = []
    problems: list[str] = []
    extra = _extra_pages(server_env)
    for role, email, password in ROLES:
        page = _page_for(browser, base_url, email, password)
        starts = ["/", "/mijn-taken"] if email else ["/"]
        queue = deque((path, 0) for path in [*starts, *extra.get(role, [])])
        walked: set[str] = set()  # kinds this role has opened (to find links)
        loads = 0
        while queue and loads < PER_ROLE:
            path, depth = queue.popleft()
            kind = _kind(path.split("?")[0])
            if kind in walked:
                continue
            walked.add(kind)
            loads += 1
            response = page.goto(path)
            assert response is not None and response.status < 500, f"{path} failed as {role}"
            if response.status >= 400:
                assert path not in extra.get(role, []), f"{path} answered {response.status}"
                continue
            queue.extend((link, depth + 1) for link in _links(page))
            checked = f"{role} {kind}" if depth <= 1 else kind
            if checked in seen_kinds:  # this kind of page was already checked
                continue
            seen_kinds.add(checked)
            try:
                assert_accessible(page, prefix=role)
            except AssertionError as failure:  # gather every page's problems, then fail once
                problems.append(f"{role} {path}: {failure}")
            visited.append(f"{role} {path}")
        page.context.close()
    index = "\n".join(visited)
    (SHOTS.parent / "pages-visited.txt").write_text(index + "\n", encoding="utf-8")
    (SHOTS.parent / "pages-problems.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    assert problems == [], "\n".join(problems)
    assert len(visited) > 30, visited
