"""The whole flow through the use cases: apply, confirm, react, vote, decide, pay, settle."""

from __future__ import annotations

from initiatives import deciding, finance, queries, services
from initiatives import status as st
from tests.integration.initiatives.world import (
    INSIDE,
    JPEG,
    OUTSIDE,
    PDF,
    VALID_IBAN,
    MakeUser,
    application_form,
    council,
    fund,
    resident,
    row,
    staff,
    submitted,
)


async def test_a_submitted_application_waits_for_two_co_initiators(make_user: MakeUser) -> None:
    """Submitting mails the co-initiators; review (and its deadline) starts at the second."""
    fund_id = await fund()
    applied = await submitted(make_user, fund_id, confirm=False)
    assert (await row(applied.initiative_id))["status"] == st.SUBMITTED
    assert (await services.confirm_co_initiator(applied.tokens[0], INSIDE)).ok
    assert (await row(applied.initiative_id))["status"] == st.SUBMITTED
    outside = await services.confirm_co_initiator(applied.tokens[1], OUTSIDE)
    assert "postcode" in outside.problems
    assert (await services.confirm_co_initiator(applied.tokens[1], INSIDE)).ok
    found = await row(applied.initiative_id)
    assert found["status"] == st.IN_REVIEW
    assert found["deadline"] is not None


async def test_an_application_from_outside_the_area_is_refused(make_user: MakeUser) -> None:
    """Only people with an address in the fund's area apply; nothing is stored."""
    fund_id = await fund()
    account = await make_user(postcode=OUTSIDE)
    form = application_form(postcode=OUTSIDE)
    result = await services.save_application(
        resident(account, OUTSIDE), fund_id, services.Application(form), submit=True
    )
    assert "postcode" in result.problems
    assert await queries.initiatives(fund_ids=[fund_id]) == []


async def test_a_draft_needs_no_co_initiators_and_is_not_public(make_user: MakeUser) -> None:
    """A draft saves with only a title; nobody but the applicant sees it in the lists."""
    fund_id = await fund()
    account = await make_user(postcode=INSIDE)
    result = await services.save_application(
        resident(account), fund_id, services.Application({"title": "Geveltuin"})
    )
    assert result.ok, result.problems
    assert (await row(int(result.value or 0)))["status"] == st.DRAFT
    assert await queries.open_data([("WK001403")]) == [] or all(
        item.title != "Geveltuin" for item in await queries.open_data(["WK001403"])
    )


async def test_the_whole_money_flow(make_user: MakeUser) -> None:
    """Vote, grant, advance order, confirm (IBAN gone), report, final payment, settled."""
    fund_id = await fund(line_euros=10_000)
    applied = await submitted(make_user, fund_id, asked="1000")
    neighbour = resident(await make_user(postcode=INSIDE))
    objector = resident(await make_user(postcode=INSIDE))
    assert (await services.react(neighbour, applied.initiative_id, "support")).ok
    assert (await services.react(objector, applied.initiative_id, "objection", "Te luid")).ok
    again = await services.react(neighbour, applied.initiative_id, "objection")
    assert not again.ok
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, applied.initiative_id, "for")).ok
    worker = staff(await make_user(role="staff"))
    decided = await deciding.decide(worker, applied.initiative_id, "granted", "", "Past goed.")
    assert decided.ok, decided.problems
    found = await row(applied.initiative_id)
    assert (found["status"], found["granted_cents"]) == (st.GRANTED, 100_000)

    orders = await finance.payment_orders_csv(worker)
    assert orders.value is not None
    line = next(x for x in orders.value.splitlines() if found["number"] in x)
    assert VALID_IBAN in line and "500.00" in line
    confirmed = await finance.confirm_payments(
        worker, f"reference,amount\n{found['number']}-A,500.00\n"
    )
    assert confirmed.ok, confirmed.problems
    still_open = await queries.open_payment_orders()
    assert all(order.reference != f"{found['number']}-A" for order in still_open)
    from initiatives.tables import Payment

    stored = await Payment.select(Payment.iban).where(Payment.reference == f"{found['number']}-A")
    assert stored == [{"iban": ""}]

    report = finance.Report(
        text="Het feest was een succes.",
        spent="900",
        iban=VALID_IBAN,
        photos=[finance.files.Upload(JPEG, "Het feest")],
        receipts=[finance.files.Upload(PDF)],
    )
    assert (await finance.submit_report(applied.applicant, applied.initiative_id, report)).ok
    settled = await finance.accept_report(worker, applied.initiative_id)
    assert settled.value is not None
    assert (settled.value.final_cents, settled.value.reclaim_cents) == (40_000, 0)
    found = await row(applied.initiative_id)
    assert found["status"] == st.ACCOUNTED_FOR
    fund_row = await queries.fund(fund_id)
    assert fund_row is not None
    totals = await queries.fund_totals(fund_row)
    assert (totals.committed_cents, totals.paid_cents) == (90_000, 50_000)
    assert totals.left_cents == 1_000_000 - 90_000


async def test_spending_less_than_the_advance_is_reclaimed(make_user: MakeUser) -> None:
    """An advance of 500 with 300 spent: 200 reclaimed, nothing more paid."""
    fund_id = await fund()
    applied = await submitted(make_user, fund_id, asked="1000")
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, applied.initiative_id, "for")).ok
    assert (await deciding.decide(member, applied.initiative_id, "granted", "", "Goed.")).ok
    report = finance.Report("Kleiner gevierd.", "300", receipts=[finance.files.Upload(PDF)])
    assert (await finance.submit_report(applied.applicant, applied.initiative_id, report)).ok
    worker = staff(await make_user(role="staff"))
    settled = await finance.accept_report(worker, applied.initiative_id)
    assert settled.value is not None
    assert (settled.value.final_cents, settled.value.reclaim_cents) == (0, 20_000)


async def test_the_applicant_cannot_be_their_own_co_initiator(make_user: MakeUser) -> None:
    """Naming yourself as a co-initiator is refused."""
    fund_id = await fund()
    account = await make_user(postcode=INSIDE)
    form = application_form(co1_email=account.email)
    result = await services.save_application(
        resident(account), fund_id, services.Application(form), submit=True
    )
    assert "co1" in result.problems
