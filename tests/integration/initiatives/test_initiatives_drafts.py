"""Drafts over HTTP (edit, submit, withdraw), refused confirmation files, formula-safe orders."""

from __future__ import annotations

import csv
import io

from initiatives import deciding, finance, services
from initiatives import status as st
from initiatives.tables import Initiative, Payment
from tests.integration.deliberation.world import Browsers
from tests.integration.initiatives.world import (
    INSIDE,
    MakeUser,
    application_form,
    council,
    fund,
    resident,
    row,
    staff,
)
from tests.support.web import post_form


async def test_a_draft_is_edited_submitted_and_withdrawn(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """The applicant saves a draft, completes it on the edit page, submits, then withdraws."""
    fund_id = await fund()
    account = await make_user(postcode=INSIDE)
    browser = await open_browser(account)
    saved = await post_form(
        browser, f"/initiatieven/aanvragen/{fund_id}", {"title": "Geveltuin", "action": "draft"}
    )
    assert saved.status_code == 303
    initiative_id = int(saved.headers["location"].split("/")[2].split("?")[0])
    assert (await row(initiative_id))["status"] == st.DRAFT
    edit = await browser.get(f"/initiatieven/{initiative_id}/bewerken")
    assert edit.status_code == 200 and "Geveltuin" in edit.text
    other = await open_browser(await make_user(postcode=INSIDE))
    assert (await other.get(f"/initiatieven/{initiative_id}/bewerken")).status_code == 404
    form = {**application_form(), "action": "submit"}
    submitted = await post_form(browser, f"/initiatieven/{initiative_id}/bewerken", form)
    assert submitted.status_code == 303, submitted.text
    assert (await row(initiative_id))["status"] == st.SUBMITTED
    withdrawn = await post_form(browser, f"/initiatieven/{initiative_id}/intrekken")
    assert withdrawn.status_code == 303
    found = await row(initiative_id)
    assert found["status"] == st.WITHDRAWN
    assert "iban" not in found  # never read into page rows


async def test_a_confirmation_file_with_one_bad_line_confirms_nothing(
    make_user: MakeUser,
) -> None:
    """A wrong amount on one line: the whole file is refused and every order stays open."""
    fund_id = await fund()
    worker = staff(await make_user(role="staff"))
    member = council(await make_user(role="council", area_code="WK001403"))
    numbers = []
    for _ in range(2):
        applicant = resident(await make_user(postcode=INSIDE))
        result = await services.save_application(
            applicant, fund_id, services.Application(application_form()), submit=True
        )
        assert result.value is not None
        await Initiative.update({Initiative.status: st.IN_REVIEW}).where(
            Initiative.id == result.value
        )
        assert (await deciding.vote(member, result.value, "for")).ok
        assert (await deciding.decide(member, result.value, "granted", "", "Ja.")).ok
        numbers.append((await row(result.value))["number"])
    text = f"reference,amount\n{numbers[0]}-A,500.00\n{numbers[1]}-A,499.00\n"
    refused = await finance.confirm_payments(worker, text)
    assert "line 3" in refused.problems
    states = await Payment.select(Payment.status).where(
        Payment.reference.is_in([f"{n}-A" for n in numbers])
    )
    assert [s["status"] for s in states] == ["ordered", "ordered"]


async def test_a_payee_cannot_smuggle_a_formula_into_the_finance_csv(
    make_user: MakeUser,
) -> None:
    """A payee starting with '=' reaches finance as text, never as a formula."""
    fund_id = await fund()
    applicant = resident(await make_user(postcode=INSIDE))
    form = application_form(payee='=HYPERLINK("http://evil.example","klik")')
    result = await services.save_application(
        applicant, fund_id, services.Application(form), submit=True
    )
    assert result.value is not None
    await Initiative.update({Initiative.status: st.IN_REVIEW}).where(Initiative.id == result.value)
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, result.value, "for")).ok
    assert (await deciding.decide(member, result.value, "granted", "", "Ja.")).ok
    orders = await finance.payment_orders_csv(staff(await make_user(role="staff")))
    assert orders.value is not None
    number = (await row(result.value))["number"]
    line = next(r for r in csv.DictReader(io.StringIO(orders.value)) if r["grant_number"] == number)
    assert line["payee"].startswith("'=")
