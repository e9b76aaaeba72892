"""Journey: staff record a delivered project; the resident sees it on the area page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import wijkstem
from e2e.support.a11y import assert_accessible
from e2e.support.mail import latest_link
from e2e.support.rounds_pages import log_in

DE_WIJERT = "WK001414"  # the demo round there is being carried out


@pytest.fixture(scope="module")
def delivery_demo(live_server: str, server_env: dict[str, str]) -> str:
    """Projects with progress in the decided demo rounds (idempotent)."""
    return wijkstem(server_env, "delivery", "demo")


def test_staff_record_a_delivered_project_and_the_resident_sees_it(
    browser: Browser, base_url: str, delivery_demo: str
) -> None:
    """Staff deliver the project under way; on the area page the resident sees it delivered."""
    staff = log_in(browser, base_url, "Sietse", "staff@wijkstem.example", "demo-staff-2026")
    page = staff.page
    page.goto(f"/gebieden/{DE_WIJERT}")
    assert_accessible(page)
    delivery = page.get_by_test_id("area-delivery")
    in_progress = '[data-testid="area-project-status"][data-status="in_progress"]'
    expect(delivery.locator(in_progress)).to_have_count(1)
    row = delivery.locator("tr", has=page.locator(in_progress))
    title = row.locator("th a").inner_text()
    row.locator("th a").click()
    expect(page.get_by_test_id("project-title")).to_have_text(title)
    expect(page.get_by_test_id("project-status")).to_have_text("in uitvoering")
    expect(page.get_by_test_id("milestones")).to_contain_text("Uitvoering gestart")
    assert_accessible(page)

    form = page.get_by_test_id("delivery-form")
    money = form.get_by_test_id("money-form")
    committed = money.get_by_label("Vastgelegd, in euro").input_value()
    money.get_by_label("Uitgegeven, in euro (hoogstens wat is vastgelegd)").fill(committed)
    money.get_by_test_id("money-submit").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    whole = committed.removesuffix(",00")  # shown as whole euros, without ",00"
    expect(page.get_by_test_id("project-money")).to_contain_text(f"€ {whole}")
    page.get_by_test_id("delivery-form").get_by_label("opgeleverd", exact=True).check()
    page.get_by_test_id("status-submit").click()
    expect(page.get_by_test_id("project-status")).to_have_text("opgeleverd")
    assert_accessible(page)

    resident = log_in(
        browser, base_url, "Bea", "bewoner@wijkstem.example", "demo-bewoner-2026"
    ).page
    resident.goto(f"/gebieden/{DE_WIJERT}")
    area = resident.get_by_test_id("area-delivery")
    delivered_row = area.locator("tr", has_text=title)
    expect(delivered_row.get_by_test_id("area-project-status")).to_have_text("opgeleverd")
    expect(area.get_by_test_id("area-delivery-progress").first).to_contain_text("opgeleverd")
    assert_accessible(resident)
    delivered_row.locator("th a").click()
    expect(resident.get_by_test_id("project-status")).to_have_text("opgeleverd")
    expect(resident.get_by_test_id("delivery-form")).to_have_count(0)
    assert_accessible(resident)
    resident.get_by_role("link", name="Gebiedsprogramma Zuid 2026").click()
    expect(resident.get_by_test_id("programme-projects")).to_contain_text(title)
    expect(resident.get_by_test_id("programme-remaining")).to_be_visible()
    assert_accessible(resident)


def test_the_resident_who_voted_follows_the_project_and_sees_it_delivered(
    browser: Browser,
    base_url: str,
    server_env: dict[str, str],
    outbox: Path,
    paddepoel_voter: tuple[str, str],
) -> None:
    """Paddepoel's round was voted (voting journey) and certified (results journey)."""
    rounds = json.loads(wijkstem(server_env, "rounds", "list", "--json"))
    paddepoel = next(r for r in rounds if r["title"] == "Wijkbudget Paddepoel 2026")
    assert paddepoel["phase"] == "certified"
    area_page = f"/gebieden/{paddepoel['area_code']}"

    voter = log_in(browser, base_url, "Pim", *paddepoel_voter).page
    voter.goto(area_page)
    funded = voter.get_by_test_id("area-delivery").locator(
        f'[data-testid="area-delivery-round"][data-round="{paddepoel["id"]}"] th a'
    )
    title = funded.first.inner_text()
    funded.first.click()
    expect(voter.get_by_test_id("project-status")).to_have_text("gepland")
    voter.get_by_test_id("project-follow").click()  # allowed: this resident voted here
    expect(voter.get_by_test_id("project-following")).to_be_visible()
    assert_accessible(voter)
    project_url = voter.url

    staff = log_in(browser, base_url, "Sietse", "staff@wijkstem.example", "demo-staff-2026").page
    staff.goto(project_url)
    staff.get_by_test_id("delivery-form").get_by_label("opgeleverd", exact=True).check()
    staff.get_by_test_id("status-submit").click()
    expect(staff.get_by_test_id("project-status")).to_have_text("opgeleverd")

    voter.goto(area_page)
    row = voter.get_by_test_id("area-delivery").locator("tr", has_text=title)
    expect(row.get_by_test_id("area-project-status")).to_have_text("opgeleverd")
    assert_accessible(voter)
    assert latest_link(outbox, paddepoel_voter[0], "/projecten/afmelden/")  # progress mail
