"""The rules that guard money and votes: no over-commitment, one vote, conflicts, deadlines."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from initiatives import deciding, queries, services, tick
from initiatives import status as st
from initiatives.tables import Initiative, Vote
from tests.integration.initiatives.world import (
    INSIDE,
    MakeUser,
    council,
    fund,
    resident,
    row,
    staff,
    submitted,
)


async def _grant(user: object, initiative_id: int) -> object:
    return await deciding.decide(user, initiative_id, "granted", "", "Goed plan.")  # type: ignore[arg-type]


async def test_the_line_is_never_over_committed(make_user: MakeUser) -> None:
    """Two grants of 3,000 on a 5,000 line: the second is refused and stores nothing."""
    fund_id = await fund(line_euros=5_000, max="4000", fast_limit="5000")
    first = await submitted(make_user, fund_id, asked="3000")
    second = await submitted(make_user, fund_id, asked="3000")
    member = council(await make_user(role="council", area_code="WK001403"))
    for applied in (first, second):
        assert (await deciding.vote(member, applied.initiative_id, "for")).ok
    assert (await deciding.decide(member, first.initiative_id, "granted", "", "Ja.")).ok
    refused = await deciding.decide(member, second.initiative_id, "granted", "", "Ja.")
    assert "amount" in refused.problems
    assert (await row(second.initiative_id))["status"] == st.IN_REVIEW
    part = await deciding.decide(member, second.initiative_id, "part", "2000", "Deels.")
    assert part.ok, part.problems
    fund_row = await queries.fund(fund_id)
    assert fund_row is not None
    assert (await queries.fund_totals(fund_row)).left_cents == 0


async def test_the_programme_cannot_lower_a_line_below_its_grants(make_user: MakeUser) -> None:
    """After a grant of 3,000 the line can go down to 3,000, not below; nothing else changes."""
    from app.programmes import services as programmes
    from app.programmes.tables import BudgetLine

    fund_id = await fund(line_euros=5_000, max="4000", fast_limit="5000")
    applied = await submitted(make_user, fund_id, asked="3000")
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, applied.initiative_id, "for")).ok
    assert (await deciding.decide(member, applied.initiative_id, "granted", "", "Ja.")).ok
    fund_row = await queries.fund(fund_id)
    assert fund_row is not None
    line = await BudgetLine.select().where(BudgetLine.id == fund_row.budget_line_id).first()
    assert line is not None
    args = ("test", int(line["programme"]), int(line["id"]), str(line["name"]), "regular")
    refused = await programmes.update_budget_line(*args, "2999,99")
    assert "€ 3.000 " in refused.problems["amount"]
    after = await BudgetLine.select(BudgetLine.amount_cents).where(BudgetLine.id == line["id"])
    assert after[0]["amount_cents"] == 500_000
    assert (await programmes.update_budget_line(*args, "3000")).ok


async def test_concurrent_grants_cannot_over_commit_together(make_user: MakeUser) -> None:
    """Two deciders grant at the same moment: at most what the line holds is committed."""
    fund_id = await fund(line_euros=5_000, max="4000", fast_limit="5000")
    ids = [(await submitted(make_user, fund_id, asked="3000")).initiative_id for _ in range(2)]
    member = council(await make_user(role="council", area_code="WK001403"))
    for initiative_id in ids:
        assert (await deciding.vote(member, initiative_id, "for")).ok
    results = await asyncio.gather(*(deciding.decide(member, i, "granted", "", "Ja.") for i in ids))
    assert sorted(result.ok for result in results) == [False, True]
    assert await queries.committed_on(fund_id) == 300_000


async def test_a_member_votes_once(make_user: MakeUser) -> None:
    """A second vote by the same member is refused; one vote is stored."""
    applied = await submitted(make_user, await fund())
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, applied.initiative_id, "for")).ok
    again = await deciding.vote(member, applied.initiative_id, "against")
    assert "choice" in again.problems
    assert await Vote.count().where(Vote.initiative == applied.initiative_id) == 1


async def test_a_supporter_on_the_council_cannot_vote(make_user: MakeUser) -> None:
    """A council member who supported the application is refused a vote and the decision."""
    applied = await submitted(make_user, await fund())
    member = council(await make_user(role="council", area_code="WK001403", postcode=INSIDE))
    assert (await services.react(member, applied.initiative_id, "support")).ok
    refused = await deciding.vote(member, applied.initiative_id, "for")
    assert "_forbidden" in refused.problems
    assert await Vote.count().where(Vote.initiative == applied.initiative_id) == 0
    assert (
        "_forbidden"
        in (await deciding.decide(member, applied.initiative_id, "granted", "", "x")).problems
    )


async def test_the_votes_must_carry_the_outcome(make_user: MakeUser) -> None:
    """No votes, or a majority against: a grant is refused."""
    applied = await submitted(make_user, await fund())
    worker = staff(await make_user(role="staff"))
    assert "outcome" in (await _grant(worker, applied.initiative_id)).problems  # type: ignore[attr-defined]
    member = council(await make_user(role="council", area_code="WK001403"))
    assert (await deciding.vote(member, applied.initiative_id, "against")).ok
    assert "outcome" in (await _grant(worker, applied.initiative_id)).problems  # type: ignore[attr-defined]
    refused = await deciding.decide(worker, applied.initiative_id, "refused", "", "Past niet.")
    assert refused.ok
    assert (await row(applied.initiative_id))["status"] == st.REFUSED


async def test_a_late_decision_is_escalated_once(make_user: MakeUser) -> None:
    """The tick marks an application past its deadline, once, and leaves others alone."""
    late = await submitted(make_user, await fund())
    on_time = await submitted(make_user, await fund())
    past = date.today() - timedelta(days=1)
    await Initiative.update({Initiative.deadline: past}).where(Initiative.id == late.initiative_id)
    assert await tick.escalate(date.today()) >= 1
    assert (await row(late.initiative_id))["escalated"] is True
    assert (await row(on_time.initiative_id))["escalated"] is False
    assert await tick.escalate(date.today()) == 0


async def test_a_small_request_is_extended_once(make_user: MakeUser) -> None:
    """Four weeks, extended once by four; a second extension is refused."""
    applied = await submitted(make_user, await fund())
    worker = staff(await make_user(role="staff"))
    before = (await row(applied.initiative_id))["deadline"]
    assert before == date.today() + timedelta(weeks=4)
    extended = await deciding.extend(worker, applied.initiative_id)
    assert extended.value == before + timedelta(weeks=4)
    assert "deadline" in (await deciding.extend(worker, applied.initiative_id)).problems


async def test_a_large_request_waits_for_the_next_decision_date(make_user: MakeUser) -> None:
    """At or above the limit, the deadline is the next fixed date at least two weeks ahead."""
    soon = date.today() + timedelta(days=10)
    later = date.today() + timedelta(days=60)
    fund_id = await fund(
        max="10000", fast_limit="2000", decision_dates=f"{soon.isoformat()} {later.isoformat()}"
    )
    applied = await submitted(make_user, fund_id, asked="1000")
    small = (await row(applied.initiative_id))["deadline"]
    assert small == date.today() + timedelta(weeks=4)
    large = await submitted(make_user, fund_id, asked="3000")
    assert (await row(large.initiative_id))["deadline"] == later


async def test_withdrawn_personal_data_is_deleted_after_the_retention_period(
    make_user: MakeUser,
) -> None:
    """The tick removes the applicant, payee and co-initiators once the period has passed."""
    applied = await submitted(make_user, await fund())
    assert (await services.withdraw(applied.applicant, applied.initiative_id)).ok
    await tick.anonymise(date.today(), retention_days=30)
    assert (await row(applied.initiative_id))["anonymised"] is False
    later = date.today() + timedelta(days=31)
    assert await tick.anonymise(later, retention_days=30) >= 1
    found = await row(applied.initiative_id)
    assert (found["applicant"], found["payee"], found["anonymised"]) == (None, "", True)
    assert await queries.co_initiators(applied.initiative_id) == []


async def test_a_neighbour_outside_the_area_cannot_react(make_user: MakeUser) -> None:
    """Support is for residents of the area only."""
    applied = await submitted(make_user, await fund())
    outsider = resident(await make_user(postcode="9712AB"), "9712AB")
    assert (
        "_forbidden" in (await services.react(outsider, applied.initiative_id, "support")).problems
    )


async def test_the_audit_draw_is_stored_once_and_repeatable(make_user: MakeUser) -> None:
    """Accounted initiatives of the quarter are drawn; the same seed answers the same."""
    from initiatives import draw, finance
    from tests.integration.initiatives.world import PDF

    fund_id = await fund()
    worker = staff(await make_user(role="staff"))
    member = council(await make_user(role="council", area_code="WK001403"))
    for _ in range(3):
        applied = await submitted(make_user, fund_id)
        assert (await deciding.vote(member, applied.initiative_id, "for")).ok
        assert (await deciding.decide(member, applied.initiative_id, "granted", "", "Ja.")).ok
        report = finance.Report("Klaar.", "500", receipts=[finance.files.Upload(PDF)])
        assert (await finance.submit_report(applied.applicant, applied.initiative_id, report)).ok
        assert (await finance.accept_report(worker, applied.initiative_id)).ok
    area = "BU00140302"  # a buurt of Oosterpark: no fund, so an empty population
    quarter = draw.quarter_of(date.today())
    empty = await finance.audit_draw(area, quarter, 10, "zaad")
    assert empty.value is not None and empty.value["drawn"] == []
    first = await finance.audit_draw("WK001403", quarter, 10, "zaad-1")
    assert first.value is not None and len(first.value["drawn"]) >= 1
    again = await finance.audit_draw("WK001403", quarter, 10, "zaad-1")
    assert again.value is not None and again.value["drawn"] == first.value["drawn"]
    assert "seed" in (await finance.audit_draw("WK001403", quarter, 10, "ander")).problems
    marked = {row.number for row in await queries.initiatives() if row.drawn_for_audit}
    assert set(first.value["drawn"]) <= marked
