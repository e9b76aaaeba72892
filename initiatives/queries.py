"""Read-only questions about funds and initiatives, for pages, panels, the API and other modules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from piccolo.columns import Column

from initiatives import money
from initiatives import status as st
from initiatives.rows import (
    CoInitiatorRow,
    DrawRow,
    FileRow,
    FundOverview,
    FundRow,
    InitiativeRow,
    MessageRow,
    OpenInitiative,
    PaymentOrder,
    PaymentRow,
    QueueItem,
    ReactionRow,
    StoredFile,
    VoteRow,
)
from initiatives.tables import (
    AuditDraw,
    CoInitiator,
    Fund,
    Initiative,
    InitiativeFile,
    Message,
    Payment,
    Reaction,
    Vote,
)

__all__ = [
    "CoInitiatorRow",
    "DrawRow",
    "FileRow",
    "FundOverview",
    "FundRow",
    "InitiativeRow",
    "MessageRow",
    "OpenInitiative",
    "PaymentOrder",
    "PaymentRow",
    "QueueItem",
    "ReactionRow",
    "StoredFile",
    "VoteRow",
]

FUND_COLUMNS = [
    Fund.id,
    Fund.budget_line.as_alias("budget_line_id"),
    Fund.budget_line.name.as_alias("line_name"),
    Fund.budget_line.amount_cents.as_alias("line_cents"),
    Fund.budget_line.programme.as_alias("programme_id"),
    Fund.budget_line._.programme._.year.as_alias("year"),
    Fund.area_code,
    Fund.max_cents,
    Fund.fast_limit_cents,
    Fund.fast_weeks,
    Fund.decision_dates,
    Fund.advance_percent,
    Fund.report_weeks,
    Fund.deciders,
    Fund.committee,
]


async def fund(fund_id: int) -> FundRow | None:
    """One fund with its line's name, amount, programme and year."""
    row = await Fund.select(*FUND_COLUMNS).where(Fund.id == fund_id).first()
    return None if row is None else FundRow(**row)


async def funds(area_codes: Iterable[str] | None = None) -> list[FundRow]:
    """Every fund, or those of these areas, by area code."""
    query = Fund.select(*FUND_COLUMNS)
    if area_codes is not None:
        codes = sorted(set(area_codes))
        if not codes:
            return []
        query = query.where(Fund.area_code.is_in(codes))
    return [FundRow(**row) for row in await query.order_by(Fund.area_code).order_by(Fund.id)]


async def fund_for_line(line_id: int) -> FundRow | None:
    """The fund on a budget line, if the line is an initiatives line."""
    row = await Fund.select(*FUND_COLUMNS).where(Fund.budget_line == line_id).first()
    return None if row is None else FundRow(**row)


def _initiative_columns() -> list[Column]:
    return [
        *[column for column in Initiative._meta.columns if column._meta.name != "iban"],
        Initiative.fund.area_code.as_alias("area_code"),
        Initiative.fund._.budget_line._.programme._.year.as_alias("year"),
    ]


async def initiative(initiative_id: int) -> InitiativeRow | None:
    """One initiative with its fund's area code and year."""
    row = await (
        Initiative.select(*_initiative_columns()).where(Initiative.id == initiative_id).first()
    )
    return None if row is None else InitiativeRow(**row)


async def initiatives(
    *,
    fund_ids: Iterable[int] | None = None,
    statuses: Iterable[str] | None = None,
    applicant: int | None = None,
) -> list[InitiativeRow]:
    """Initiatives filtered by fund, status and/or applicant; newest first."""
    query = Initiative.select(*_initiative_columns())
    if fund_ids is not None:
        ids = sorted(set(fund_ids))
        if not ids:
            return []
        query = query.where(Initiative.fund.is_in(ids))
    if statuses is not None:
        query = query.where(Initiative.status.is_in(sorted(set(statuses))))
    if applicant is not None:
        query = query.where(Initiative.applicant == applicant)
    return [InitiativeRow(**row) for row in await query.order_by(Initiative.id, ascending=False)]


def queue_item(row: InitiativeRow, days_left: int | None) -> QueueItem:
    """An initiative with the days left to its deadline, for the deciders' queue."""
    return QueueItem(**asdict(row), days_left=days_left)


async def co_initiators(initiative_id: int) -> list[CoInitiatorRow]:
    """The co-initiators and whether they confirmed."""
    rows = await (
        CoInitiator.select(
            CoInitiator.id,
            CoInitiator.name,
            CoInitiator.email,
            CoInitiator.user_id,
            CoInitiator.confirmed_at,
        )
        .where(CoInitiator.initiative == initiative_id)
        .order_by(CoInitiator.id)
    )
    return [CoInitiatorRow(**row) for row in rows]


async def reactions(initiative_id: int) -> list[ReactionRow]:
    """Supports and objections, oldest first, with the resident's name."""
    rows = await (
        Reaction.select(
            Reaction.id,
            Reaction.user.as_alias("user_id"),
            Reaction.user.name.as_alias("name"),
            Reaction.kind,
            Reaction.reason,
            Reaction.created_at,
        )
        .where(Reaction.initiative == initiative_id)
        .order_by(Reaction.id)
    )
    return [ReactionRow(**row) for row in rows]


async def messages(initiative_id: int) -> list[MessageRow]:
    """The thread of questions and answers, oldest first."""
    rows = await (
        Message.select(
            Message.id,
            Message.author.name.as_alias("author_name"),
            Message.official,
            Message.body,
            Message.created_at,
        )
        .where(Message.initiative == initiative_id)
        .order_by(Message.id)
    )
    return [MessageRow(**row) for row in rows]


async def votes(initiative_id: int) -> list[VoteRow]:
    """The deciders' votes."""
    rows = await (
        Vote.select(Vote.id, Vote.member.as_alias("member_id"), Vote.member_name, Vote.choice)
        .where(Vote.initiative == initiative_id)
        .order_by(Vote.id)
    )
    return [VoteRow(**row) for row in rows]


async def payments(initiative_id: int) -> list[PaymentRow]:
    """Payments and reclaims of one initiative (never the IBAN)."""
    rows = await (
        Payment.select(
            Payment.id,
            Payment.reference,
            Payment.kind,
            Payment.amount_cents,
            Payment.status,
            Payment.ordered_at,
            Payment.confirmed_at,
        )
        .where(Payment.initiative == initiative_id)
        .order_by(Payment.id)
    )
    return [PaymentRow(**row) for row in rows]


async def open_payment_orders() -> list[PaymentOrder]:
    """Payments ordered but not yet confirmed, with payee and IBAN, for the finance CSV."""
    rows = await (
        Payment.select(
            Payment.id,
            Payment.reference,
            Payment.initiative.number.as_alias("number"),
            Payment.kind,
            Payment.payee,
            Payment.iban,
            Payment.amount_cents,
        )
        .where(Payment.status == "ordered")
        .order_by(Payment.id)
    )
    return [PaymentOrder(**row) for row in rows]


async def files(initiative_id: int, kind: str) -> list[FileRow]:
    """Stored files of one kind (photo, report or receipt)."""
    rows = await (
        InitiativeFile.select(
            InitiativeFile.id,
            InitiativeFile.filename,
            InitiativeFile.content_type,
            InitiativeFile.alt_text,
        )
        .where(InitiativeFile.initiative == initiative_id, InitiativeFile.kind == kind)
        .order_by(InitiativeFile.id)
    )
    return [FileRow(**row) for row in rows]


async def file_by_name(filename: str) -> StoredFile | None:
    """A stored file's row with its initiative and kind."""
    row = await (
        InitiativeFile.select(
            InitiativeFile.filename,
            InitiativeFile.content_type,
            InitiativeFile.kind,
            InitiativeFile.initiative.as_alias("initiative_id"),
        )
        .where(InitiativeFile.filename == filename)
        .first()
    )
    return None if row is None else StoredFile(**row)


async def committed_on(fund_id: int) -> int:
    """Cents committed on a fund's line by its grants (read inside the deciding transaction)."""
    rows = await Initiative.select(
        Initiative.status, Initiative.granted_cents, Initiative.spent_cents
    ).where(Initiative.fund == fund_id, Initiative.granted_cents > 0)
    return sum(
        money.committed(
            money.Grant(str(row["status"]), int(row["granted_cents"]), int(row["spent_cents"]))
        )
        for row in rows
    )


async def paid_on(fund_ids: Iterable[int]) -> dict[int, int]:
    """Confirmed payments minus confirmed reclaims, per fund."""
    ids = sorted(set(fund_ids))
    if not ids:
        return {}
    rows = await Payment.select(
        Payment.initiative.fund.as_alias("fund_id"), Payment.kind, Payment.amount_cents
    ).where(Payment.status == "confirmed", Payment.initiative.fund.is_in(ids))
    paid: dict[int, int] = dict.fromkeys(ids, 0)
    for row in rows:
        sign = -1 if row["kind"] == "reclaim" else 1
        paid[int(row["fund_id"])] += sign * int(row["amount_cents"])
    return paid


async def fund_totals(fund_row: FundRow) -> money.FundTotals:
    """A fund's line amount, committed, paid and left, as of now."""
    fund_id = fund_row.id
    rows = await Initiative.select(
        Initiative.status, Initiative.granted_cents, Initiative.spent_cents
    ).where(Initiative.fund == fund_id)
    grants = [
        money.Grant(str(row["status"]), int(row["granted_cents"]), int(row["spent_cents"]))
        for row in rows
    ]
    paid = (await paid_on([fund_id]))[fund_id]
    return money.totals(fund_row.line_cents, grants, paid)


async def with_totals(row: FundRow, items: Iterable[InitiativeRow] = ()) -> FundOverview:
    """A fund with its totals as of now (and, for panels, its public initiatives)."""
    return FundOverview(**asdict(row), totals=await fund_totals(row), initiatives=tuple(items))


async def public_overview(area_codes: Iterable[str]) -> list[FundOverview]:
    """Funds of these areas with their totals and their public initiatives (for panels)."""
    found = []
    for row in await funds(area_codes):
        items = await initiatives(fund_ids=[row.id], statuses=st.PUBLIC)
        found.append(await with_totals(row, items))
    return found


async def draw_for(area_code: str, quarter: str) -> DrawRow | None:
    """The audit draw of an area and quarter, if it was made."""
    row = await AuditDraw.select().where(AuditDraw.slot == f"{area_code}:{quarter}").first()
    return None if row is None else DrawRow(**row)


async def open_data(area_codes: Iterable[str] | None = None) -> list[OpenInitiative]:
    """Public initiatives without personal data: number, area, year, title, status and money."""
    fund_rows = await funds(area_codes)
    ids = [row.id for row in fund_rows]
    items = await initiatives(fund_ids=ids, statuses=st.PUBLIC)
    paid = await _paid_per_initiative([item.id for item in items])
    return [
        OpenInitiative(
            number=item.number,
            area_code=item.area_code,
            year=int(item.year),
            title=item.title,
            place=item.place,
            status=item.status,
            outcome=item.outcome,
            asked_cents=int(item.asked_cents),
            granted_cents=int(item.granted_cents),
            paid_cents=paid.get(item.id, 0),
        )
        for item in items
    ]


async def _paid_per_initiative(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = await Payment.select(Payment.initiative, Payment.kind, Payment.amount_cents).where(
        Payment.status == "confirmed", Payment.initiative.is_in(ids)
    )
    paid: dict[int, int] = {}
    for row in rows:
        sign = -1 if row["kind"] == "reclaim" else 1
        key = int(row["initiative"])
        paid[key] = paid.get(key, 0) + sign * int(row["amount_cents"])
    return paid
