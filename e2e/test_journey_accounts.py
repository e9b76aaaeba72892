"""Journeys of issue 2: a resident joins and finds their neighbourhood; an admin grants a role."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.support.a11y import assert_accessible
from e2e.support.mail import latest_link


def test_a_resident_registers_confirms_logs_in_finds_their_neighbourhood_and_switches_language(
    page: Page, outbox: Path
) -> None:
    email = f"anna-{secrets.token_hex(4)}@example.org"
    password = "zonnebloem-in-de-wijk"

    page.goto("/")
    assert_accessible(page)
    page.get_by_test_id("nav-register").click()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Anna de Vries")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_label("Postcode").fill("9713 hk")
    page.get_by_test_id("register-submit").click()
    expect(page.get_by_test_id("check-mail")).to_be_visible()

    page.goto(latest_link(outbox, email, "/account/bevestigen/"))
    expect(page.get_by_test_id("email-confirmed")).to_be_visible()

    page.goto("/account/inloggen")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_test_id("nav-account").click()
    expect(page.get_by_test_id("account-name")).to_have_text("Anna de Vries")
    area = page.get_by_test_id("account-area")
    expect(area).to_contain_text("Oosterpark")
    assert_accessible(page)

    page.goto("/")
    page.get_by_label("Uw postcode").fill("9713HK")
    page.get_by_test_id("postcode-submit").click()
    expect(page.get_by_test_id("home-rounds")).to_contain_text("Oosterpark")  # its open round
    assert_accessible(page)
    page.get_by_test_id("home-area").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/gebieden/BU\d+"))
    expect(page.get_by_test_id("area-name")).to_be_visible()
    expect(page.locator("nav.breadcrumbs")).to_contain_text("Oosterpark")
    assert_accessible(page)

    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("nav-account")).to_have_text("My account")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # remembered
    page.get_by_test_id("lang-nl").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_an_admin_grants_a_council_role_scoped_to_one_neighbourhood(page: Page) -> None:
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill("admin@wijkstem.example")
    page.get_by_label("Wachtwoord").fill("demo-admin-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.goto("/beheer/rollen")
    assert_accessible(page)
    form = page.get_by_test_id("role-grant-form")
    form.locator("#email").fill("bewoner@wijkstem.example")
    form.locator("#role").select_option("council")
    form.locator("#area_code").fill("WK001402")
    page.get_by_test_id("role-grant-submit").click()
    grants = page.get_by_test_id("grants-table")
    expect(grants).to_contain_text("bewoner@wijkstem.example")
    expect(grants).to_contain_text("WK001402")
    assert_accessible(page)

    page.goto("/audit")
    expect(page.get_by_role("table")).to_contain_text("Er is een rol gegeven")
