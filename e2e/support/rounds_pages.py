"""Page helpers for the round journey: log in, create a round, submit, review and discuss.

Each helper drives the real pages the way a person does and checks every page it lands on
with axe-core, so a journey that uses them covers every page it visits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Browser, Page, expect

from e2e.support.a11y import assert_accessible


@dataclass(frozen=True)
class Person:
    """Someone who takes part in the journey, with their own browser context."""

    name: str
    email: str
    password: str
    page: Page


def log_in(browser: Browser, base_url: str, name: str, email: str, password: str) -> Person:
    """A fresh browser context for one person, logged in through the login page."""
    context = browser.new_context(base_url=base_url, locale="nl-NL")
    page = context.new_page()
    page.goto("/account/inloggen")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    return Person(name, email, password, page)


def _id_from(page: Page, pattern: str) -> int:
    found = re.search(pattern, page.url)
    assert found is not None, f"no id in {page.url}"
    return int(found.group(1))


def create_round(page: Page, area_code: str, title: str, amount: str) -> int:
    """The council's round form: texts, money from the resident line, rules; the new round id."""
    page.goto(f"/rondes/nieuw?area={area_code}")
    assert_accessible(page)
    form = page.get_by_test_id("round-form")
    form.get_by_label("Titel", exact=True).fill(title)
    form.get_by_label("Beschrijving", exact=True).fill(
        "De bewoners van Oosterpark beslissen zelf over een deel van het wijkbudget."
    )
    form.get_by_label("Bedrag in euro", exact=True).fill(amount)
    line = form.get_by_label("Budgetregel waar het geld vandaan komt")
    resident_line = line.locator("option", has_text="Bewoners beslissen")
    expect(resident_line).to_have_count(1)
    line.select_option(value=resident_line.get_attribute("value"))
    form.get_by_label("Wat een voorstel hoogstens mag kosten, in euro").fill("25000")
    form.get_by_label("Categorieën").fill("Groen, Spelen, Verkeer")
    form.get_by_label("Aantal steunbetuigingen dat een voorstel nodig heeft").fill("1")
    page.get_by_test_id("round-submit").click()
    expect(page.get_by_test_id("round-title")).to_have_text(title)
    assert_accessible(page)
    return _id_from(page, r"/rondes/(\d+)$")


def advance(page: Page, round_id: int, to_phase: str) -> None:
    """Move the round on with the round page's button, and check where it landed."""
    page.goto(f"/rondes/{round_id}")
    page.get_by_test_id("advance-confirm").check()
    page.get_by_test_id("advance-button").click()
    expect(page.get_by_test_id("round-phase")).to_have_attribute("data-phase", to_phase)
    assert_accessible(page)


def map_shown(page: Page) -> int:
    """Wait for the proposals map (scripts on, no tiles in tests); how many proposals it shows."""
    box = page.get_by_test_id("proposal-map")
    expect(box).to_be_visible()
    expect(box).to_have_attribute("data-map-ready", re.compile(r"^\d+$"))
    return int(box.get_attribute("data-map-ready") or 0)


def submit_proposal(
    page: Page,
    round_id: int,
    title: str,
    summary: str,
    cost: str,
    category: str,
    pin: bool = False,
) -> int:
    """From the round's proposal list to the form and the new proposal's page; its id.

    With `pin`, the author clicks the form's map, which fills the latitude and longitude.
    """
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"/rondes/{round_id}/voorstellen")
    shown = map_shown(page)
    running = "> li.card:not(:has(.status-withdrawn, .status-merged))"
    assert shown == len(page.get_by_test_id("proposal-list").locator(running).all())
    assert_accessible(page)
    page.goto(f"/rondes/{round_id}/voorstellen/nieuw")
    map_shown(page)
    assert_accessible(page)
    form = page.get_by_test_id("proposal-form")
    if pin:
        box = page.get_by_test_id("proposal-map")
        box.scroll_into_view_if_needed()
        place = box.bounding_box()
        assert place is not None
        page.mouse.click(place["x"] + place["width"] * 0.6, place["y"] + place["height"] * 0.4)
        expect(form.get_by_label("Breedtegraad")).to_have_value(re.compile(r"^5[0-3]\.\d+$"))
        expect(form.get_by_label("Lengtegraad")).to_have_value(re.compile(r"^[3-7]\.\d+$"))
    form.get_by_label("Titel", exact=True).fill(title)
    form.get_by_label("Samenvatting").fill(summary)
    form.get_by_label("Beschrijving", exact=True).fill(
        f"{summary}\n\n- goed voor de buurt\n- **snel** te doen\n\n<script>alert(1)</script>"
    )
    form.get_by_label("Geschatte kosten").fill(cost)
    form.get_by_label("Categorie", exact=True).select_option(category)
    form.get_by_label("Waar", exact=True).select_option(label="Florabuurt")
    form.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_test_id("proposal-title")).to_have_text(title)
    expect(page.get_by_test_id("proposal-status")).to_contain_text("Ingediend")
    assert_accessible(page)
    assert refused == [], refused
    return _id_from(page, r"/voorstellen/(\d+)")


def open_proposal(page: Page, proposal_id: int) -> None:
    """A proposal's page, checked."""
    page.goto(f"/voorstellen/{proposal_id}")
    expect(page.get_by_test_id("proposal-title")).to_be_visible()
    assert_accessible(page)


def review(
    page: Page,
    proposal_id: int,
    outcome: str,
    reason: str,
    new_cost: str = "",
    scope_note: str = "",
) -> None:
    """Staff: from the proposal page to the review form, a decision with its public reason."""
    open_proposal(page, proposal_id)
    page.get_by_test_id("proposal-review-link").click()
    assert_accessible(page)
    form = page.get_by_test_id("review-form")
    form.get_by_label(outcome, exact=True).check()
    form.get_by_label("Openbare reden").fill(reason)
    if new_cost:
        form.get_by_label("Nieuwe kosten in euro's").fill(new_cost)
    if scope_note:
        form.get_by_label("Hoe de omvang verandert").fill(scope_note)
    form.get_by_role("button", name="Beoordeling opslaan").click()
    expect(page.get_by_test_id("proposal-status")).to_contain_text(outcome)
    expect(page.get_by_test_id("status-history")).to_contain_text(reason)
    assert_accessible(page)


def support(page: Page, proposal_id: int) -> None:
    """A resident supports a proposal once."""
    open_proposal(page, proposal_id)
    before = int(page.get_by_test_id("support-count").inner_text())
    page.get_by_test_id("support-button").click()
    expect(page.get_by_test_id("support-given")).to_be_visible()
    expect(page.get_by_test_id("support-count")).to_have_text(str(before + 1))
    assert_accessible(page)


def comment(page: Page, proposal_id: int, text: str) -> None:
    """A resident posts a comment on a proposal."""
    open_proposal(page, proposal_id)
    form = page.get_by_test_id("comment-form")
    form.get_by_label("Uw reactie").fill(text)
    form.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_test_id("comment").filter(has_text=text)).to_be_visible()
    assert_accessible(page)
