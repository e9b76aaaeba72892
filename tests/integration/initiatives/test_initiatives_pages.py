"""The initiative pages over HTTP: apply, react, vote, refusals, files, finance CSV, open data."""

from __future__ import annotations

import csv
import io

from initiatives import deciding, queries
from tests.integration.deliberation.world import Browsers
from tests.integration.initiatives.world import (
    INSIDE,
    JPEG,
    PDF,
    VALID_IBAN,
    MakeUser,
    application_form,
    council,
    fund,
    row,
    submitted,
)
from tests.support.web import post_form


async def test_apply_through_the_form(make_user: MakeUser, open_browser: Browsers) -> None:
    """A resident submits the form with a photo; the page shows it waiting for co-initiators."""
    fund_id = await fund()
    account = await make_user(postcode=INSIDE)
    browser = await open_browser(account)
    page = await browser.get(f"/initiatieven/aanvragen/{fund_id}")
    assert page.status_code == 200
    form = {
        **application_form(),
        "action": "submit",
        "_csrf_token": browser.cookies["wijkstem_csrf"],
    }
    response = await browser.post(
        f"/initiatieven/aanvragen/{fund_id}",
        data=form,
        files={"photos": ("feest.jpg", JPEG, "image/jpeg")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    shown = await browser.get(response.headers["location"])
    assert 'data-status="submitted"' in shown.text
    assert "initiative-photos" in shown.text


async def test_bad_input_is_a_400_with_the_problem_on_the_page(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Asking more than the fund's maximum: the form again, with the reason, nothing stored."""
    fund_id = await fund()
    browser = await open_browser(await make_user(postcode=INSIDE))
    form = {**application_form(asked="9000"), "action": "submit"}
    response = await post_form(browser, f"/initiatieven/aanvragen/{fund_id}", form)
    assert response.status_code == 400
    assert "at most" in response.text
    assert await queries.initiatives(fund_ids=[fund_id]) == []


async def test_a_conflicted_member_is_refused_a_vote_over_http(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A council member who supported it sees why they cannot vote; a vote post is a 403."""
    applied = await submitted(make_user, await fund())
    member = await make_user(role="council", area_code="WK001403", postcode=INSIDE)
    browser = await open_browser(member)
    path = f"/initiatieven/{applied.initiative_id}"
    assert (await post_form(browser, f"{path}/reactie", {"kind": "support"})).status_code == 303
    page = await browser.get(path)
    assert 'data-testid="conflicted"' in page.text
    assert 'data-testid="vote-form"' not in page.text
    refused = await post_form(browser, f"{path}/stem", {"choice": "for"})
    assert refused.status_code == 403


async def test_drafts_and_receipts_are_not_public(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """A draft is a 404 for others; a receipt file is a 404 for anyone but applicant and staff."""
    from initiatives import finance, services
    from tests.integration.initiatives.world import resident, staff

    fund_id = await fund()
    owner = await make_user(postcode=INSIDE)
    draft = await services.save_application(
        resident(owner), fund_id, services.Application({"title": "Geheim plan"})
    )
    stranger = await open_browser(await make_user(postcode=INSIDE))
    assert (await stranger.get(f"/initiatieven/{draft.value}")).status_code == 404

    applied = await submitted(make_user, fund_id)
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, applied.initiative_id, "for")).ok
    assert (await deciding.decide(member, applied.initiative_id, "granted", "", "Ja.")).ok
    report = finance.Report("Gedaan.", "1000", VALID_IBAN, receipts=[finance.files.Upload(PDF)])
    assert (await finance.submit_report(applied.applicant, applied.initiative_id, report)).ok
    receipt = (await queries.files(applied.initiative_id, "receipt"))[0].filename
    path = f"/initiatieven/bestanden/{receipt}"
    assert (await stranger.get(path)).status_code == 404
    worker = await make_user(role="staff")
    assert (await (await open_browser(worker)).get(path)).status_code == 200
    del staff


async def test_finance_csv_and_confirmation_upload(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """The CSV lists the advance with its IBAN; the upload confirms it and the IBAN is gone."""
    applied = await submitted(make_user, await fund())
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, applied.initiative_id, "for")).ok
    assert (await deciding.decide(member, applied.initiative_id, "granted", "", "Ja.")).ok
    number = (await row(applied.initiative_id))["number"]
    finance_browser = await open_browser(await make_user(role="staff"))
    download = await finance_browser.get("/beheer/initiatieven/betaalopdrachten.csv")
    assert download.status_code == 200
    lines = list(csv.DictReader(io.StringIO(download.text)))
    mine = next(line for line in lines if line["grant_number"] == number)
    assert (mine["iban"], mine["amount"]) == (VALID_IBAN, "500.00")
    await finance_browser.get("/beheer/initiatieven")
    upload = await finance_browser.post(
        "/beheer/initiatieven/bevestigingen",
        data={"_csrf_token": finance_browser.cookies["wijkstem_csrf"]},
        files={"file": ("paid.csv", f"reference,amount\n{number}-A,500.00\n".encode(), "text/csv")},
        follow_redirects=False,
    )
    assert upload.status_code == 303, upload.text
    again = await finance_browser.get("/beheer/initiatieven/betaalopdrachten.csv")
    assert number not in again.text
    resident_browser = await open_browser(await make_user(postcode=INSIDE))
    assert (
        await resident_browser.get("/beheer/initiatieven/betaalopdrachten.csv")
    ).status_code == 403


async def test_open_data_holds_no_personal_data(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """The API and CSV list public initiatives with money, never names, IBANs or payees."""
    applied = await submitted(make_user, await fund())
    number = (await row(applied.initiative_id))["number"]
    browser = await open_browser()
    api = await browser.get("/api/v1/initiatives?area=WK001403")
    assert api.status_code == 200
    items = api.json()["items"]
    mine = next(item for item in items if item["number"] == number)
    assert set(mine) == {
        "number",
        "area_code",
        "year",
        "title",
        "place",
        "status",
        "outcome",
        "asked_cents",
        "granted_cents",
        "paid_cents",
    }
    assert api.json()["totals"]
    text = (await browser.get("/open-data/initiatieven.csv")).text
    assert number in text and VALID_IBAN not in text and "Stichting" not in text
    assert (await browser.get("/api/v1/initiatives?area=XX")).status_code == 400


async def test_area_and_programme_pages_show_the_panel(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """The core pages render the registered initiatives panel with the totals."""
    await submitted(make_user, await fund())
    browser = await open_browser()
    area = await browser.get("/gebieden/WK001403")
    assert 'data-testid="initiatives-panel"' in area.text
    programme_id = (await queries.funds(["WK001403"]))[0].programme_id
    programme = await browser.get(f"/programmas/{programme_id}")
    assert 'data-testid="initiatives-committed"' in programme.text
    for page in (area.text, programme.text):  # the fund names its area, not the area's code
        fund_heading = page.split('data-testid="initiatives-fund"')[1].split("</h3>")[0]
        assert "Oosterpark" in fund_heading and "WK001403" not in fund_heading


async def test_the_dashboards_show_money_to_initiatives(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """The monitoring dashboards of the city and of the area list initiatives per year."""
    await submitted(make_user, await fund())
    browser = await open_browser()
    for path in ("/monitor", "/monitor/WK001403"):
        page = await browser.get(path)
        assert page.status_code == 200
        assert 'data-testid="initiatives-monitor"' in page.text


async def test_the_queue_counts_days_left_and_days_late(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """One day left reads "nog 1 dag"; a passed deadline reads "2 dagen te laat", not "nog -2"."""
    from datetime import date, timedelta

    from initiatives.tables import Initiative

    one_day = await submitted(make_user, await fund())
    late = await submitted(make_user, await fund())
    for applied, shift in ((one_day, 1), (late, -2)):
        await Initiative.update({Initiative.deadline: date.today() + timedelta(days=shift)}).where(
            Initiative.id == applied.initiative_id
        )
    browser = await open_browser(await make_user(role="staff"))
    browser.cookies.set("wijkstem_lang", "nl")
    page = (await browser.get("/initiatieven/wachtrij")).text
    assert "(nog 1 dag)" in page
    assert "(2 dagen te laat)" in page
    assert "nog -" not in page
