"""Journey: a residents' initiative from application to final payment, at 360 and 1280 px.

Bea applies in Oosterpark; her co-initiators confirm by the mailed link; neighbours support and
object; a council member who supported it is refused a vote; Rik votes and records the grant;
finance downloads the payment order and confirms the advance; Bea reports with a receipt;
staff accept it and finance confirms the final payment.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import wijkstem
from e2e.support.a11y import assert_accessible
from e2e.support.mail import latest_link
from tests.support.images import jpeg_with_gps

OOSTERPARK = "WK001403"
PASSWORD = "initiatief-wachtwoord"
JPEG = jpeg_with_gps()  # a real photo: uploads are re-encoded, its GPS position dropped
PDF = b"%PDF-1.4\n" + b"0" * 64
IBAN = "NL91ABNA0417164300"


@pytest.fixture(scope="module")
def people(live_server: str, server_env: dict[str, str]) -> dict[str, str]:
    """Two neighbours and a council member of Oosterpark, made with the CLI."""
    made = {
        "steun": ("resident", "9713AC"),
        "bezwaar": ("resident", "9713AD"),
        "raadslid": ("council", "9713AE"),
    }
    emails = {}
    for name, (role, postcode) in made.items():
        email = f"{name}-initiatief@example.org"
        args = ["create-user", "--email", email, "--name", name.title(), "--role", role]
        args += ["--postcode", postcode, "--password-stdin"]
        if role == "council":
            args += ["--area", OOSTERPARK]
        wijkstem(server_env, *args, stdin=f"{PASSWORD}\n")
        emails[name] = email
    return emails


def log_in(browser: Browser, base_url: str, email: str, password: str, width: int) -> Page:
    """A fresh browser context of this width, logged in through the login page."""
    context = browser.new_context(
        base_url=base_url, locale="nl-NL", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    return page


def confirm_payments(finance: Page, reference: str) -> None:
    """Finance downloads the orders, finds the reference, and uploads it back as paid."""
    finance.goto("/beheer/initiatieven")
    assert_accessible(finance)
    response = finance.request.get("/beheer/initiatieven/betaalopdrachten.csv")
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text())))
    order = next(row for row in rows if row["reference"] == reference)
    assert order["iban"] == IBAN
    finance.get_by_test_id("confirm-payments-form").locator("input[type=file]").set_input_files(
        {
            "name": "betaald.csv",
            "mimeType": "text/csv",
            "buffer": f"reference,amount\n{reference},{order['amount']}\n".encode(),
        }
    )
    finance.get_by_test_id("confirm-payments-submit").click()
    expect(finance.get_by_test_id("saved")).to_be_visible()
    after = finance.request.get("/beheer/initiatieven/betaalopdrachten.csv").text()
    assert reference not in after


@pytest.mark.parametrize("width", [360, 1280])
def test_an_initiative_from_application_to_final_payment(
    browser: Browser, base_url: str, data_dir: Path, people: dict[str, str], width: int
) -> None:
    """The whole flow, every page checked with axe-core."""
    title = f"Buurtfeest Florastraat {width}"
    bea = log_in(browser, base_url, "bewoner@wijkstem.example", "demo-bewoner-2026", width)
    bea.goto("/initiatieven")
    assert_accessible(bea)
    bea.get_by_test_id(f"apply-{OOSTERPARK}").click()
    assert_accessible(bea)
    form = bea.get_by_test_id("initiative-form")
    form.get_by_label("Titel", exact=True).fill(title)
    form.get_by_label("Beschrijving", exact=True).fill("Een feest voor de hele straat.")
    form.get_by_label("Buurt of straat").fill("Florastraat")
    held = (date.today() + timedelta(days=30)).isoformat()
    form.get_by_label("Datum van het initiatief").fill(held)
    form.get_by_label("Totale kosten").fill("1500")
    form.get_by_label("Bedrag dat u vraagt").fill("1000")
    form.get_by_label("Eigen bijdrage").fill("500")
    form.get_by_label("Betaald aan (naam van de rekeninghouder)").fill("Bea Bewoner")
    form.get_by_label("IBAN", exact=True).fill(IBAN)
    co = [f"co{n}-{width}@example.org" for n in (1, 2)]
    for number, email in enumerate(co, start=1):
        form.get_by_label(f"Naam van mede-initiatiefnemer {number}").fill(f"Buur {number}")
        form.get_by_label(f"E-mailadres van mede-initiatiefnemer {number}").fill(email)
    form.locator("#photos").set_input_files(
        {"name": "feest.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    form.get_by_test_id("submit-application").click()
    expect(bea.get_by_test_id("initiative-status")).to_have_attribute("data-status", "submitted")
    assert_accessible(bea)
    initiative_url = bea.url.split("?")[0]

    outbox = data_dir / "outbox"
    for email in co:
        link = latest_link(outbox, email, "/initiatieven/bevestigen/")
        page = browser.new_context(
            locale="nl-NL", viewport={"width": width, "height": 900}
        ).new_page()
        page.goto(link)
        assert_accessible(page)
        page.get_by_label("Uw postcode").fill("9713AB")
        page.get_by_test_id("confirm-submit").click()
        expect(page.get_by_test_id("confirmed")).to_be_visible()
    bea.goto(initiative_url)
    expect(bea.get_by_test_id("initiative-status")).to_have_attribute("data-status", "in_review")
    expect(bea.get_by_test_id("initiative-deadline")).to_be_visible()

    for name, choice in (("steun", "Ik steun dit initiatief"), ("bezwaar", "Ik heb bezwaar")):
        neighbour = log_in(browser, base_url, people[name], PASSWORD, width)
        neighbour.goto(initiative_url)
        assert_accessible(neighbour)
        react = neighbour.get_by_test_id("react-form")
        react.get_by_label(choice).check()
        if name == "bezwaar":
            react.get_by_label("Reden (niet verplicht)").fill("Te veel geluid in de avond.")
        react.get_by_test_id("react-submit").click()
        expect(neighbour.get_by_test_id("saved")).to_be_visible()
    conflicted = log_in(browser, base_url, people["raadslid"], PASSWORD, width)
    conflicted.goto(initiative_url)
    conflicted.get_by_test_id("react-form").get_by_label("Ik steun dit initiatief").check()
    conflicted.get_by_test_id("react-submit").click()
    expect(conflicted.get_by_test_id("conflicted")).to_be_visible()
    expect(conflicted.get_by_test_id("vote-form")).to_have_count(0)
    assert_accessible(conflicted)

    rik = log_in(browser, base_url, "raad.oosterpark@wijkstem.example", "demo-raad-2026", width)
    rik.goto("/initiatieven/wachtrij")
    assert_accessible(rik)
    rik.get_by_test_id("queue").get_by_role("link", name=title).click()
    expect(rik.get_by_test_id("objection-count")).to_contain_text("1")
    vote = rik.get_by_test_id("vote-form")
    vote.get_by_label("voor", exact=True).check()
    vote.get_by_test_id("vote-submit").click()
    expect(rik.get_by_test_id("votes")).to_contain_text("voor")
    decide = rik.get_by_test_id("decide-form")
    decide.get_by_label("toegekend", exact=True).check()
    decide.get_by_label("Redenen (openbaar)").fill("Een goed plan dat de straat verbindt.")
    decide.get_by_test_id("decide-submit").click()
    expect(rik.get_by_test_id("initiative-status")).to_have_attribute("data-status", "granted")
    expect(rik.get_by_test_id("decision-reasons")).to_contain_text("verbindt")
    assert_accessible(rik)
    number = rik.locator("nav.breadcrumbs li[aria-current=page]").inner_text().strip()

    finance = log_in(browser, base_url, "staff@wijkstem.example", "demo-staff-2026", width)
    confirm_payments(finance, f"{number}-A")

    bea.goto(initiative_url)
    report = bea.get_by_test_id("report-form")
    report.get_by_label("Wat er is gebeurd").fill("Het feest was een groot succes.")
    report.get_by_label("Uitgegeven, in euro").fill("1000")
    report.get_by_label("IBAN voor de rest van de subsidie").fill(IBAN)
    report.locator("#report_photos").set_input_files(
        {"name": "feest.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    report.locator("#receipts").set_input_files(
        {"name": "bon.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    report.get_by_test_id("report-submit").click()
    expect(bea.get_by_test_id("initiative-status")).to_have_attribute("data-status", "carried_out")
    expect(bea.get_by_test_id("receipts")).to_be_visible()
    assert_accessible(bea)

    finance.goto(initiative_url)
    finance.get_by_test_id("accept-report").click()
    expect(finance.get_by_test_id("initiative-status")).to_have_attribute(
        "data-status", "accounted_for"
    )
    confirm_payments(finance, f"{number}-F")
    finance.goto(initiative_url)
    expect(finance.locator('[data-kind="final"][data-status="confirmed"]')).to_have_count(1)

    public = browser.new_context(
        locale="nl-NL", viewport={"width": width, "height": 900}
    ).new_page()
    public.goto(f"{base_url}/gebieden/{OOSTERPARK}")
    expect(public.get_by_test_id("initiatives-panel")).to_contain_text(title)
    assert_accessible(public)
    public.goto(initiative_url)
    expect(public.get_by_test_id("report-photos")).to_be_visible()
    expect(public.get_by_test_id("receipts")).to_have_count(0)


def test_the_commands_tick_and_draw_the_audit_sample(
    live_server: str, server_env: dict[str, str]
) -> None:
    """The tick reports its figures; the same seed draws the same initiatives as JSON."""
    import json

    tick = wijkstem(server_env, "initiatives", "tick")
    assert tick.startswith("escalated: ")
    quarter = f"{date.today().year}Q{(date.today().month - 1) // 3 + 1}"
    args = ["initiatives", "audit-draw", OOSTERPARK, "--quarter", quarter, "--percent", "100"]
    first = json.loads(wijkstem(server_env, *args, "--seed", "e2e-zaad"))
    again = json.loads(wijkstem(server_env, *args, "--seed", "e2e-zaad"))
    assert first == again
    assert first["population"] >= 2 and len(first["drawn"]) == first["population"]
