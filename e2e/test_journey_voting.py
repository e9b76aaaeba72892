"""Journeys of issue 5: voting with a letter's code, by account on a phone, on paper; the board.

Paddepoel's round votes with the demo register (issue 10): letters are made from it, an
account links itself with a letter's code, and the desk finds people in it.
"""

from __future__ import annotations

import io
import re
import secrets

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from e2e.conftest import PADDEPOEL, round_in_phase, wijkstem
from e2e.support.a11y import assert_accessible

PADDEPOEL_POSTCODE = "9742AB"
STAFF = ("staff@wijkstem.example", "demo-staff-2026")
CERTIFIER = ("certifier@wijkstem.example", "demo-cert-2026")
SECOND_STAFF = ("admin@wijkstem.example", "demo-admin-2026")  # an admin counts as staff
CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")


@pytest.fixture(scope="module")
def round_id(live_server: str, server_env: dict[str, str]) -> int:
    """The id of the demo round in the voting phase (Paddepoel, with the register)."""
    return round_in_phase(server_env, PADDEPOEL, "voting")


def new_account(server_env: dict[str, str], role: str, postcode: str = "") -> tuple[str, str]:
    """A confirmed account made with the CLI; returns (email, password)."""
    email, password = f"{role}-{secrets.token_hex(4)}@example.org", "stemmen-in-paddepoel"
    extra = ["--postcode", postcode] if postcode else []
    wijkstem(
        server_env,
        "create-user",
        "--email",
        email,
        "--role",
        role,
        *extra,
        "--password-stdin",
        stdin=f"{password}\n",
    )
    return email, password


def log_in(browser: Browser, base_url: str, email: str, password: str, **context: object) -> Page:
    """A fresh browser context logged in through the login page."""
    page = browser.new_context(base_url=base_url, locale="nl-NL", **context).new_page()  # type: ignore[arg-type]
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    return page


def letter_code(staff: Page, round_id: int) -> str:
    """Staff download one letter without an address as PDF (a second staff member confirms
    it); the code is read from it with pypdf."""
    staff.goto(f"/beheer/stemmen/{round_id}/codes")
    assert_accessible(staff)
    expect(staff.get_by_test_id("codes-once")).to_be_visible()
    staff.get_by_test_id("codes-count").fill("1")
    staff.get_by_test_id("codes-output-pdf").check()
    with staff.expect_download() as info:
        staff.get_by_test_id("codes-generate").click()
    reader = PdfReader(io.BytesIO(info.value.path().read_bytes()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert f"/stemmen/{round_id}" in text
    found = CODE.findall(text)
    assert len(found) == 1, text
    confirm_codes(staff.context.browser, staff.url.split("/beheer")[0], round_id)
    return found[0]


# The demo shares of this round's box key (README.md, "Demo ballot box shares"): 1 and 2.
PADDEPOEL_SHARES = (
    "puny moment academic acid advance scatter hormone location union subject acne enlarge "
    "forward lobe rich reject document video welfare rescue purchase artist plan burden costume "
    "pumps scene artist retailer modern romantic radar busy",
    "puny moment academic agency ancient soldier shrimp unhappy short step earth username likely "
    "magazine scene revenue fatal aspect metric aspect obtain acne crucial tadpole domestic "
    "parcel downtown voice sugar victim lend lunch ordinary",
)
SEALED: list[str] = []  # the sealed-ballot fingerprints the receipts showed, in order


def confirm_codes(browser: Browser | None, base_url: str, round_id: int) -> None:
    """A second staff member confirms the codes without an address (two-person rule)."""
    assert browser is not None
    second = log_in(browser, base_url, *SECOND_STAFF)
    second.goto(f"/beheer/stemmen/{round_id}/codes")
    expect(second.get_by_test_id("codes-pending")).to_be_visible()
    assert_accessible(second)
    second.locator("[data-testid^='codes-confirm-']").first.click()
    expect(second.get_by_test_id("codes-done")).to_be_visible()
    second.context.close()


def vote_with_code(browser: Browser, base_url: str, round_id: int, code: str) -> str:
    """A resident types the code from the letter, picks a project, confirms; the receipt
    (its sealed-ballot fingerprint is kept in SEALED)."""
    page = browser.new_context(base_url=base_url, locale="nl-NL").new_page()
    page.goto(f"/stemmen/{round_id}")
    assert_accessible(page)
    page.get_by_test_id("vote-code").fill(code.lower())
    page.get_by_test_id("vote-start-submit").click()
    expect(page.get_by_test_id("ballot-form")).to_be_visible()
    assert_accessible(page)
    page.locator("[data-testid^='choice-']").first.check()
    page.get_by_test_id("ballot-continue").click()
    expect(page.get_by_test_id("confirm-choices")).to_be_visible()
    assert_accessible(page)
    page.get_by_test_id("vote-cast").click()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_be_visible()
    assert_accessible(page)
    text = receipt.inner_text().strip()
    SEALED.append(page.get_by_test_id("sealed-hash").inner_text().strip())
    page.context.close()
    return text


def test_a_new_resident_on_a_phone_reaches_the_ballot_in_two_taps_after_the_postcode(
    browser: Browser, live_server: str, round_id: int
) -> None:
    """Type the postcode on the home page, tap "show", tap "vote now": the voting page."""
    context = browser.new_context(
        base_url=live_server, locale="nl-NL", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Uw postcode").fill("9742 AB")
    page.get_by_test_id("postcode-submit").click()  # tap 1
    card = page.locator(f"[data-testid=home-round][data-round='{round_id}']")
    expect(card).to_have_attribute("data-phase", "voting")
    card.get_by_test_id("home-round-action").click()  # tap 2
    expect(page).to_have_url(re.compile(rf"/stemmen/{round_id}$"))
    assert_accessible(page)
    context.close()


def test_a_resident_votes_with_the_code_from_a_letter(
    browser: Browser, live_server: str, round_id: int, paddepoel_letters: dict[str, str]
) -> None:
    """Staff made the letters from the register; a resident votes with her letter's code; the
    code cannot vote again."""
    code = paddepoel_letters["Chantal Hofstra"]
    receipt = vote_with_code(browser, live_server, round_id, code)
    assert re.fullmatch(r"[2-9A-Z]{5}-[2-9A-Z]{5}", receipt)
    page = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    page.goto(f"/stemmen/{round_id}")
    page.get_by_test_id("vote-code").fill(code)
    page.get_by_test_id("vote-start-submit").click()
    expect(page.get_by_test_id("vote-error")).to_be_visible()
    page.context.close()


def test_a_resident_votes_with_an_account_on_a_phone_with_a_knapsack_ballot(
    browser: Browser,
    live_server: str,
    round_id: int,
    paddepoel_voter: tuple[str, str],
    paddepoel_letters: dict[str, str],
) -> None:
    """On a 390x844 screen: the postcode alone does not vote, so the resident links the
    account once with her letter's code; the live total follows the ticks; confirm, cast."""
    email, password = paddepoel_voter
    page = log_in(browser, live_server, email, password, viewport={"width": 390, "height": 844})
    page.goto(f"/stemmen/{round_id}")
    page.get_by_test_id("vote-with-account").click()
    expect(page.get_by_test_id("vote-blocked")).to_have_attribute("data-reason", "not_bound")
    assert_accessible(page)
    page.get_by_test_id("bind-code").fill(paddepoel_letters["Esra Yildiz"])
    page.get_by_test_id("bind-submit").click()
    expect(page.get_by_test_id("ballot-form")).to_be_visible()
    assert_accessible(page)
    total = page.get_by_test_id("ballot-total")
    expect(total).to_contain_text(re.compile(r"€ 0(?![\d.,])"))
    boxes = page.locator("[data-testid^='choice-']")
    boxes.nth(0).check()
    # updated by knapsack.js, no round trip
    expect(total).not_to_contain_text(re.compile(r"€ 0(?![\d.,])"))
    live = total.inner_text()
    page.get_by_test_id("ballot-recalculate").click()  # the same total without JavaScript
    expect(page.get_by_test_id("ballot-total")).to_have_text(live)
    page.get_by_test_id("vote-age").check()
    page.get_by_test_id("ballot-continue").click()
    expect(page.get_by_test_id("confirm-choices")).to_be_visible()
    assert_accessible(page)
    page.get_by_test_id("vote-cast").click()
    expect(page.get_by_test_id("receipt")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/stemmen/{round_id}/met-account")
    expect(page.get_by_test_id("vote-blocked")).to_be_visible()
    assert_accessible(page)
    page.context.close()


def test_staff_register_a_resident_at_the_desk_who_votes_on_the_staff_screen(
    browser: Browser, live_server: str, round_id: int
) -> None:
    """Someone with a secret register entry (no letter) is found in the register at the desk
    and votes at once; someone outside the register needs a second staff member first."""
    staff = log_in(browser, live_server, *STAFF)
    staff.goto(f"/beheer/stemmen/{round_id}/balie")
    assert_accessible(staff)
    form = staff.get_by_test_id("desk-form")
    form.locator("#name").fill("Joris Venema")
    form.locator("#postcode").fill("9742 LB")
    form.locator("#house_number").fill("8")
    staff.get_by_test_id("desk-submit").click()
    expect(staff.get_by_test_id("desk-reference")).to_be_visible()
    expect(staff.get_by_test_id("desk-pending")).to_have_count(0)  # found in the register
    found = staff.get_by_test_id("desk-reference").inner_text().strip()
    staff.goto(f"/beheer/stemmen/{round_id}/balie/{found}")
    expect(staff.get_by_test_id("ballot-form")).to_be_visible()
    staff.locator("[data-testid^='choice-']").first.check()
    if staff.get_by_test_id("vote-age").count():
        staff.get_by_test_id("vote-age").check()
    staff.get_by_test_id("ballot-continue").click()
    staff.get_by_test_id("vote-cast").click()
    expect(staff.get_by_test_id("receipt")).to_be_visible()
    staff.goto(f"/beheer/stemmen/{round_id}/balie")
    form = staff.get_by_test_id("desk-form")
    form.locator("#name").fill("J. de Boer")
    form.locator("#postcode").fill(PADDEPOEL_POSTCODE)
    form.locator("#house_number").fill("12")
    staff.get_by_test_id("desk-submit").click()
    expect(staff.get_by_test_id("desk-reference")).to_be_visible()
    expect(staff.get_by_test_id("desk-pending")).to_be_visible()  # not in a register
    assert_accessible(staff)
    reference = staff.get_by_test_id("desk-reference").inner_text().strip()
    second = log_in(browser, live_server, *SECOND_STAFF)
    second.goto(f"/beheer/stemmen/{round_id}/balie")
    second.locator("[data-testid^='desk-approve-']").first.click()
    expect(second.get_by_test_id("desk-done")).to_be_visible()
    assert_accessible(second)
    second.context.close()
    staff.goto(f"/beheer/stemmen/{round_id}/balie/{reference}")
    expect(staff.get_by_test_id("ballot-form")).to_be_visible()
    assert_accessible(staff)
    staff.locator("[data-testid^='choice-']").first.check()
    if staff.get_by_test_id("vote-age").count():
        staff.get_by_test_id("vote-age").check()
    staff.get_by_test_id("ballot-continue").click()
    assert_accessible(staff)
    staff.get_by_test_id("vote-cast").click()
    expect(staff.get_by_test_id("receipt")).to_be_visible()
    assert_accessible(staff)
    staff.context.close()


def test_staff_enter_a_paper_batch_that_a_second_staff_member_confirms(
    browser: Browser, live_server: str, server_env: dict[str, str], round_id: int
) -> None:
    """One staff member enters a ballot against a letter's code; another confirms the batch."""
    first = log_in(browser, live_server, *STAFF)
    code = letter_code(first, round_id)
    first.goto(f"/beheer/stemmen/{round_id}/papier?rows=1")
    assert_accessible(first)
    first.get_by_test_id("paper-label").fill("Stembus bibliotheek")
    first.get_by_test_id("b0-voter").fill(code)
    first.locator("[data-testid^='b0-choice-']").first.check()
    first.get_by_test_id("paper-submit").click()
    expect(first.get_by_test_id("paper-pending")).to_be_visible()
    expect(first.get_by_test_id("paper-mine")).to_be_visible()
    assert_accessible(first)
    batch_url = first.url
    first.get_by_test_id("paper-confirm").click()
    expect(first.get_by_test_id("paper-problems")).to_be_visible()  # not by the same person
    second = log_in(browser, live_server, *new_account(server_env, "staff"))
    second.goto(batch_url)
    second.get_by_test_id("paper-confirm").click()
    expect(second.get_by_test_id("paper-confirmed")).to_be_visible()
    assert_accessible(second)
    second.goto(f"/stemmen/{round_id}/opkomst")
    expect(second.get_by_test_id("turnout-table")).to_contain_text("1")
    assert_accessible(second)
    for page in (first, second):
        page.context.close()


def test_a_voter_finds_their_receipt_on_the_board_after_the_close(
    browser: Browser, live_server: str, round_id: int, paddepoel_letters: dict[str, str]
) -> None:
    """While voting the board lists sealed fingerprints (the voter finds theirs); once staff
    close voting and two certifiers open the box with their shares, the receipt can be found.

    This journey closes the demo round's voting and opens its box, so it runs last in this
    file; the opening queues the count, and the results journey then certifies this round.
    """
    receipt = vote_with_code(browser, live_server, round_id, paddepoel_letters["Dirk Zijlstra"])
    page = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    page.goto(f"/stemmen/{round_id}/bord")
    expect(page.get_by_test_id("board-waiting")).to_be_visible()
    assert receipt not in page.content()
    page.get_by_test_id("board-sealed-hash").fill(SEALED[-1])
    page.get_by_test_id("board-sealed-find").click()
    expect(page.get_by_test_id("board-sealed-found")).to_be_visible()
    assert_accessible(page)
    closer = log_in(browser, live_server, *STAFF)
    closer.goto(f"/rondes/{round_id}")
    assert_accessible(closer)
    closer.get_by_test_id("advance-confirm").check()
    closer.get_by_test_id("advance-button").click()  # voting -> counting: staff close the vote
    expect(closer.get_by_test_id("round-phase")).to_have_attribute("data-phase", "counting")
    closer.context.close()
    opener = log_in(browser, live_server, *CERTIFIER)
    # Login lands on home, which lists the sealed box to open: one tap to the opening page.
    opener.locator(f"[data-testid=home-tasks] a[href='/beheer/stemmen/{round_id}/openen']").click()
    for _ in range(20):  # the server caches a round's ballot page for two seconds
        if opener.get_by_test_id("open-share").count():
            break
        opener.wait_for_timeout(250)
        opener.goto(f"/beheer/stemmen/{round_id}/openen")
    assert_accessible(opener)
    opener.get_by_test_id("open-share").nth(0).fill(PADDEPOEL_SHARES[1])
    opener.get_by_test_id("open-share").nth(1).fill(PADDEPOEL_SHARES[0])
    opener.get_by_test_id("open-submit").click()
    expect(opener).to_have_url(re.compile(f"/rondes/{round_id}/uitslag"))
    opener.context.close()
    for _ in range(20):  # the server caches a round's ballot page for two seconds
        page.goto(f"/stemmen/{round_id}/bord")
        if page.get_by_test_id("board-search").count():
            break
        page.wait_for_timeout(250)
    page.get_by_test_id("board-receipt").fill(receipt)
    page.get_by_test_id("board-find").click()
    expect(page.get_by_test_id("board-found")).to_be_visible()
    expect(page.get_by_test_id("board-table")).to_contain_text(receipt)
    assert_accessible(page)
    page.context.close()
