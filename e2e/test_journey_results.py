"""Journey of issue 6: the count (queued when the box was opened), two certifiers certify, a
resident recounts."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import wijkstem
from e2e.support.a11y import assert_accessible

# The demo round in voting: the voting journey (which runs before this one) has cast ballots
# in it and staff closed its vote there.
ROUND_TITLE = "Wijkbudget Paddepoel 2026"
STAFF = ("staff@wijkstem.example", "demo-staff-2026")
CERTIFIER = ("certifier@wijkstem.example", "demo-cert-2026")
CERTIFIER2 = ("certifier2@wijkstem.example", "demo-cert2-2026")


@pytest.fixture(scope="module")
def round_id(live_server: str, server_env: dict[str, str]) -> int:
    """The id of the demo round in the counting phase."""
    for line in wijkstem(server_env, "rounds", "list").splitlines():
        fields = line.split("\t")
        if len(fields) > 3 and fields[2] == ROUND_TITLE and fields[3] == "counting":
            return int(fields[0])
    raise AssertionError(f"the demo has no round {ROUND_TITLE!r} in counting")


def log_in(browser: Browser, base_url: str, email: str, password: str) -> Page:
    """A fresh browser context logged in through the login page."""
    page = browser.new_context(base_url=base_url, locale="nl-NL").new_page()
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    return page


def test_count_certify_and_recount(browser: Browser, base_url: str, round_id: int) -> None:
    """The opening of the box (voting journey) queued the count; the worker counts, two
    certifiers certify, anyone verifies."""
    staff = log_in(browser, base_url, *STAFF)
    # Nothing waits for staff here: the certifiers' opening of the box started the count.
    expect(staff.locator(f"[data-testid=home-tasks] a[href^='/rondes/{round_id}/']")).to_have_count(
        0
    )
    staff.goto(f"/rondes/{round_id}/uitslag")
    assert_accessible(staff)
    for _ in range(40):  # the worker in the server picks the job up within seconds
        if staff.get_by_test_id("job-status").get_attribute("data-status") == "done":
            break
        staff.wait_for_timeout(500)
        staff.goto(f"/rondes/{round_id}/uitslag")
    expect(staff.get_by_test_id("job-status")).to_have_attribute("data-status", "done")
    expect(staff.get_by_test_id("result")).to_have_attribute("data-status", "draft")
    assert_accessible(staff)

    first = log_in(browser, base_url, *CERTIFIER)
    # The certifier reaches the result waiting for them in one tap after login.
    assert first.url.rstrip("/") == base_url.rstrip("/")
    first.locator(f"[data-testid=home-tasks] a[href='/rondes/{round_id}/uitslag']").click()
    assert first.url.endswith(f"/rondes/{round_id}/uitslag")
    first.get_by_test_id("approve-submit").click()
    expect(first.get_by_test_id("result-approvals")).to_contain_text("1")
    assert_accessible(first)

    second = log_in(browser, base_url, *CERTIFIER2)
    second.goto(f"/rondes/{round_id}/uitslag")
    second.get_by_test_id("approve-password").fill("not my password")
    second.get_by_test_id("approve-submit").click()
    expect(second.get_by_test_id("result-error")).to_be_visible()
    second.get_by_test_id("approve-password").fill(CERTIFIER2[1])
    second.get_by_test_id("approve-submit").click()
    expect(second.get_by_test_id("certificate-sha")).to_be_visible()
    assert_accessible(second)

    resident = browser.new_context(base_url=base_url, locale="nl-NL").new_page()
    resident.goto(f"/rondes/{round_id}/uitslag")
    with resident.expect_download() as ballots:
        resident.get_by_test_id("export-ballots").click()
    assert "VOTES" in ballots.value.path().read_text(encoding="utf-8")
    with resident.expect_download() as certificate:
        resident.get_by_test_id("export-certificate").click()
    body = json.loads(certificate.value.path().read_text(encoding="utf-8"))["body"]
    assert body["round"]["id"] == round_id and len(body["certifiers"]) == 2
    resident.get_by_test_id("verify-link").click()
    assert_accessible(resident)
    resident.get_by_test_id("verify-stored").click()
    expect(resident.get_by_test_id("verify-verdict")).to_have_attribute("data-ok", "yes")
    assert_accessible(resident)
