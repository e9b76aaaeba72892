"""DigiD journey (issue 10): a resident links their account with DigiD in Chromium and votes.

The provider is oidc-provider-mock on loopback (see conftest: nonce required, the BSN and the
assurance level as claims); the round is Paddepoel's, which votes with the demo register.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PADDEPOEL, round_in_phase, wijkstem
from e2e.support.a11y import assert_accessible

PASSWORD = "inloggen-met-digid-2026"


def new_resident(browser: Browser, base_url: str, env: dict[str, str], email: str) -> Page:
    """An account like any other (postcode in Paddepoel), logged in with its password."""
    wijkstem(
        env,
        "create-user",
        "--email",
        email,
        "--role",
        "resident",
        "--postcode",
        "9742AB",
        "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )
    page = browser.new_context(base_url=base_url, locale="nl-NL").new_page()
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    return page


def through_digid(page: Page, round_id: int, who: str) -> None:
    """From the blocked ballot: "Inloggen met DigiD", then the provider's page picks `who`."""
    page.goto(f"/stemmen/{round_id}/met-account")
    expect(page.get_by_test_id("vote-blocked")).to_have_attribute("data-reason", "not_bound")
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met DigiD").click()
    expect(page).to_have_url(re.compile(r"/oauth2/authorize\?"))
    page.get_by_role("button", name=who, exact=True).click()


def test_a_resident_logs_in_with_digid_and_votes_once_in_the_register_round(
    browser: Browser,
    live_server: str,
    server_env: dict[str, str],
    paddepoel_letters: dict[str, str],
) -> None:
    """A self-declared postcode does not vote; DigiD links the person, who votes; her letter
    is then refused, since letter and account are one person."""
    round_id = round_in_phase(server_env, PADDEPOEL, "voting")
    page = new_resident(browser, live_server, server_env, "anouk.bos@example.org")
    through_digid(page, round_id, "anouk-bos")
    expect(page).to_have_url(re.compile(rf"/stemmen/{round_id}/met-account$"))
    expect(page.get_by_test_id("ballot-form")).to_be_visible()
    assert_accessible(page)
    page.locator("[data-testid^='choice-']").first.check()
    page.get_by_test_id("vote-age").check()
    page.get_by_test_id("ballot-continue").click()
    expect(page.get_by_test_id("confirm-choices")).to_be_visible()
    page.get_by_test_id("vote-cast").click()
    expect(page.get_by_test_id("receipt")).to_be_visible()
    assert_accessible(page)
    page.context.close()

    letter = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    letter.goto(f"/stemmen/{round_id}")
    letter.get_by_test_id("vote-code").fill(paddepoel_letters["Anouk Bos"])
    letter.get_by_test_id("vote-start-submit").click()
    expect(letter.get_by_test_id("vote-error")).to_be_visible()
    assert_accessible(letter)
    letter.context.close()


def test_a_digid_login_at_too_low_a_level_is_refused_with_a_clear_dutch_message(
    browser: Browser, live_server: str, server_env: dict[str, str]
) -> None:
    """DigiD basis (username and password) is below the round's minimum: no link, no vote."""
    round_id = round_in_phase(server_env, PADDEPOEL, "voting")
    page = new_resident(browser, live_server, server_env, "bram.dekker@example.org")
    through_digid(page, round_id, "bram-basis")
    refused = page.get_by_test_id("digid-refused")
    expect(refused).to_have_attribute("data-reason", "acr")
    expect(refused).to_contain_text("niet veilig genoeg is om te stemmen")
    expect(refused).to_contain_text("DigiD app")
    expect(page.get_by_test_id("digid-retry")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/stemmen/{round_id}/met-account")
    expect(page.get_by_test_id("vote-blocked")).to_have_attribute("data-reason", "not_bound")
    page.context.close()
