"""Journey of issue 4: a council runs a budget round in Oosterpark from idea to ballot list."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from app.demo import OOSTERPARK
from e2e.conftest import wijkstem
from e2e.support.a11y import assert_accessible
from e2e.support.rounds_pages import (
    Person,
    advance,
    comment,
    create_round,
    log_in,
    map_shown,
    open_proposal,
    review,
    submit_proposal,
    support,
)


@pytest.fixture
def people(
    browser: Browser, live_server: str, server_env: dict[str, str]
) -> Iterator[dict[str, Person]]:
    """Council member, staff member and two residents of Oosterpark, each in their own browser."""
    daan_email = f"daan-{secrets.token_hex(4)}@example.org"
    daan_password = "kastanjes-in-de-florabuurt"
    wijkstem(
        server_env,
        "create-user",
        "--email",
        daan_email,
        "--name",
        "Daan Dijkstra",
        "--role",
        "resident",
        "--postcode",
        "9713AB",
        "--password-stdin",
        stdin=f"{daan_password}\n",
    )
    cast = {
        "raad": ("Rik Raadslid", "raad.oosterpark@wijkstem.example", "demo-raad-2026"),
        "staff": ("Sietse Medewerker", "staff@wijkstem.example", "demo-staff-2026"),
        "bea": ("Bea Bewoner", "bewoner@wijkstem.example", "demo-bewoner-2026"),
        "daan": ("Daan Dijkstra", daan_email, daan_password),
    }
    found = {key: log_in(browser, live_server, *who) for key, who in cast.items()}
    yield found
    for person in found.values():
        person.page.context.close()


def test_a_council_runs_a_round_from_proposals_to_a_confirmed_ballot_list(
    people: dict[str, Person],
) -> None:
    raad, staff, bea, daan = (people[key] for key in ("raad", "staff", "bea", "daan"))
    tag = secrets.token_hex(3)

    # The council of Oosterpark creates the round and opens it for proposals.
    round_id = create_round(raad.page, OOSTERPARK, f"Buurtbudget Oosterpark {tag}", "40000")
    expect(raad.page.get_by_test_id("round-phase")).to_have_attribute("data-phase", "draft")
    expect(raad.page.get_by_test_id("round-amount")).to_contain_text("40.000")
    advance(raad.page, round_id, "proposing")

    # Two residents propose; Bea improves hers, Daan withdraws one of his two.
    speeltuin = submit_proposal(
        bea.page,
        round_id,
        f"Speeltuin Florabuurt {tag}",
        "Nieuwe klimtoestellen in de speeltuin aan de Florastraat.",
        "12000",
        "Spelen",
        pin=True,
    )
    bea.page.get_by_test_id("proposal-edit-link").click()
    map_shown(bea.page)  # the form's map shows the pin before the page is checked
    assert_accessible(bea.page)
    bea.page.get_by_label("Geschatte kosten").fill("14500")
    bea.page.get_by_label("Samenvatting").fill(
        "Nieuwe klimtoestellen en een bankje in de speeltuin aan de Florastraat."
    )
    bea.page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(bea.page.get_by_test_id("saved")).to_be_visible()
    expect(bea.page.get_by_test_id("proposal-cost")).to_contain_text("14.500")
    expect(bea.page.get_by_test_id("proposal-versions-link")).to_contain_text("2")
    expect(bea.page.get_by_test_id("proposal-description").locator("script")).to_have_count(0)
    assert_accessible(bea.page)
    bea.page.get_by_test_id("proposal-versions-link").click()
    expect(bea.page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(bea.page)

    bomen = submit_proposal(
        daan.page,
        round_id,
        f"Bomen Gorechtbuurt {tag}",
        "Tien nieuwe bomen langs de Gorechtkade.",
        "20000",
        "Groen",
    )
    fontein = submit_proposal(
        daan.page,
        round_id,
        f"Fontein Oosterpark {tag}",
        "Een drinkfontein bij het buurthuis.",
        "8000",
        "Groen",
    )
    daan.page.get_by_label("Waarom trekt u het in? (niet verplicht)").fill(
        "Het waterbedrijf plaatst er al een."
    )
    daan.page.get_by_role("button", name="Uw voorstel intrekken").click()
    expect(daan.page.get_by_test_id("proposal-status")).to_contain_text("Ingetrokken")
    assert_accessible(daan.page)

    # Staff review both remaining proposals in public, with reasons.
    advance(raad.page, round_id, "reviewing")
    review(
        staff.page,
        speeltuin,
        "Haalbaar",
        "De speeltuin is van de gemeente en de toestellen passen binnen de veiligheidsnormen.",
    )
    review(
        staff.page,
        bomen,
        "Haalbaar met aanpassing",
        "Onder de kade liggen kabels: er passen zes bomen, niet tien.",
        new_cost="13500",
        scope_note="Zes bomen in plaats van tien.",
    )
    expect(staff.page.get_by_test_id("status-history")).to_contain_text("13.500")

    # Residents support each other's proposals and talk about them.
    advance(raad.page, round_id, "deliberating")
    support(bea.page, bomen)
    support(daan.page, speeltuin)
    comment(bea.page, bomen, "Graag lindebomen, die geven veel schaduw.")
    rude = "Wat een onzin, speeltuinen zijn alleen voor lawaaimakers."
    comment(daan.page, speeltuin, rude)

    # Bea reports the rude comment; the council hides it from the moderation queue.
    open_proposal(bea.page, speeltuin)
    reported = bea.page.get_by_test_id("comment").filter(has_text=rude)
    reported.get_by_text("Deze reactie melden").click()
    reported.get_by_label("Waarom moet een moderator hiernaar kijken?").fill(
        "Dit is kwetsend voor gezinnen."
    )
    reported.get_by_role("button", name="Melding versturen").click()
    expect(bea.page.get_by_test_id("report-received")).to_be_visible()
    assert_accessible(bea.page)

    raad.page.goto("/moderatie")
    assert_accessible(raad.page)
    card = raad.page.get_by_test_id("moderation-queue").locator("li.card").filter(has_text=rude)
    expect(card).to_contain_text("Dit is kwetsend voor gezinnen.")
    card.get_by_label("Reden die in plaats daarvan wordt getoond").fill(
        "Deze reactie is niet respectvol (huisregel 2)."
    )
    card.get_by_role("button", name="Verbergen").click()
    expect(raad.page.get_by_test_id("moderation-queue")).not_to_contain_text(rude)
    assert_accessible(raad.page)

    open_proposal(bea.page, speeltuin)
    hidden = bea.page.get_by_test_id("hidden-reason")
    expect(hidden).to_contain_text("Deze reactie is niet respectvol (huisregel 2).")
    expect(bea.page.get_by_test_id("comment-list")).not_to_contain_text(rude)

    # The council confirms the ballot list: the two feasible, supported proposals.
    raad.page.goto(f"/rondes/{round_id}/stembiljet")
    assert_accessible(raad.page)
    candidates = raad.page.get_by_test_id("ballot-candidate")
    expect(candidates).to_have_count(2)
    expect(raad.page.get_by_test_id("ballot-list")).not_to_contain_text("Fontein")
    raad.page.get_by_test_id("confirm-ballot").click()
    expect(raad.page.get_by_test_id("ballot-confirmed")).to_be_visible()
    options = raad.page.get_by_test_id("ballot-option")
    expect(options).to_have_count(2)
    expect(options.filter(has_text="Bomen Gorechtbuurt")).to_contain_text("13.500")
    expect(options.filter(has_text="Speeltuin Florabuurt")).to_contain_text("14.500")
    assert_accessible(raad.page)

    open_proposal(daan.page, bomen)
    expect(daan.page.get_by_test_id("proposal-status")).to_contain_text("Op het stembiljet")
    open_proposal(daan.page, fontein)
    expect(daan.page.get_by_test_id("proposal-status")).to_contain_text("Ingetrokken")
