"""Use cases of money after the decision: payment orders, confirmations, reports, the audit draw.

The IBAN lives on a payment order only until finance confirms the payment; receipts are
private files kept seven years after the initiative was accounted for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.accounts.permissions import Principal
from app.answer import Answer, done, invalid
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.csvsafe import csv_text
from app.db import transaction
from app.i18n import _
from initiatives import deadlines, draw, files, iban, payorders, permissions, queries
from initiatives import money as rules_money
from initiatives import status as st
from initiatives.common import actor, applicant_mail, cents, load, missing, not_allowed
from initiatives.deciding import order_payment
from initiatives.notify import send_all
from initiatives.tables import AuditDraw, Initiative, InitiativeFile, Payment


async def payment_orders_csv(user: Principal) -> Answer[str]:
    """The finance CSV of every payment ordered and not yet confirmed (formula-safe cells)."""
    if not permissions.can_manage_finance(user):
        return not_allowed(user, _("Only staff see payment orders."))
    rows = [
        (
            row.number,
            row.reference,
            row.kind,
            row.payee,
            row.iban,
            payorders.amount_text(row.amount_cents),
        )
        for row in await queries.open_payment_orders()
    ]
    return done(csv_text(payorders.HEADER, rows))


def _line_reason(code: str) -> str:
    return {
        "no_columns": _("The file needs the columns reference and amount."),
        "bad_amount": _("The amount is not a number such as 1250.00."),
        "no_reference": _("The reference is missing."),
        "duplicate": _("This reference appears twice."),
    }[code]


async def _confirm(user: Principal, text: str) -> Answer[int]:
    if not permissions.can_manage_finance(user):
        return not_allowed(user, _("Only staff confirm payments."))
    confirmations, codes = payorders.read_confirmations(text)
    found = {key: _line_reason(code) for key, code in codes.items()}
    if not confirmations and not found:
        found["file"] = _("The file holds no payments.")
    if found:
        return invalid(found)
    now = datetime.now(UTC)
    async with transaction():
        for item in confirmations:
            row = (
                await Payment.select(
                    Payment.id, Payment.initiative, Payment.amount_cents, Payment.status
                )
                .where(Payment.reference == item.reference)
                .first()
            )
            if row is None or row["status"] != "ordered":
                found[f"line {item.line}"] = _(
                    "No open payment order has reference {reference}."
                ).format(reference=item.reference)
                continue
            if int(row["amount_cents"]) != item.cents:
                found[f"line {item.line}"] = _(
                    "The amount differs from the order {reference}."
                ).format(reference=item.reference)
                continue
            await Payment.update(
                {Payment.status: "confirmed", Payment.confirmed_at: now, Payment.iban: ""}
            ).where(Payment.id == row["id"])
            await append_event(
                actor(user),
                "initiatives.payment_confirmed",
                f"initiative:{row['initiative']}",
                {"reference": item.reference, "amount_cents": item.cents},
            )
        if found:
            raise _Rollback(found)
    return done(len(confirmations))


class _Rollback(Exception):
    """Undo a confirmation file with a bad line; carries the problems."""

    def __init__(self, found: dict[str, str]) -> None:
        super().__init__("confirmation file refused")
        self.found = found


async def confirm_payments(user: Principal, text: str) -> Answer[int]:
    """Finance confirms paid orders by uploading reference and amount; all or nothing.

    A confirmed payment's IBAN is deleted in the same transaction.
    """
    try:
        return await _confirm(user, text)
    except _Rollback as refused:
        return invalid(refused.found)


@dataclass(frozen=True)
class Report:
    """The applicant's report: text, what was spent, an IBAN for the rest, photos, receipts."""

    text: str
    spent: str
    iban: str = ""
    photos: list[files.Upload] = field(default_factory=list)
    receipts: list[files.Upload] = field(default_factory=list)


async def _advance_cents(initiative_id: int) -> int:
    rows = await Payment.select(Payment.amount_cents).where(
        Payment.initiative == initiative_id, Payment.kind == "advance"
    )
    return sum(int(row["amount_cents"]) for row in rows)


def _stored(
    uploads: list[files.Upload], found: dict[str, str], key: str, images_only: bool
) -> list[tuple[str, str, str, bytes]]:
    stored = []
    for upload in uploads:
        if not upload.data:
            continue
        kept = None if len(upload.data) > files.MAX_BYTES else files.accepted(upload.data)
        if len(upload.data) > files.MAX_BYTES:
            found[key] = _("A file can be at most 5 MB.")
        elif kept is None or (images_only and kept[0] not in files.IMAGES):
            found[key] = (
                _("Send photos as JPEG, PNG or WebP.")
                if images_only
                else _("Send receipts as PDF, JPEG, PNG or WebP.")
            )
        else:
            kind, data = kept
            stored.append((files.new_name(kind), kind, upload.alt_text.strip()[:200], data))
    return stored


async def submit_report(user: Principal, initiative_id: int, report: Report) -> Answer[int]:
    """The applicant reports after the initiative: text, spending, receipts (private)."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if not permissions.can_report(user, loaded.subject, loaded.status):
        return not_allowed(user, _("Only the applicant reports, once the grant was given."))
    found: dict[str, str] = {}
    text = (report.text or "").strip()
    if not text or len(text) > 5000:
        found["report"] = _("Write what happened (at most 5000 characters).")
    spent = cents(report.spent, "spent", found)
    photos = _stored(report.photos, found, "report_photos", images_only=True)
    receipts = _stored(report.receipts, found, "receipts", images_only=False)
    if not receipts and "receipts" not in found:
        found["receipts"] = _("Add the receipts of what you spent.")
    if len(photos) > files.MAX_PHOTOS or len(receipts) > files.MAX_RECEIPTS:
        found["receipts"] = _("Send at most three photos and ten receipts.")
    account = iban.normalise(report.iban)
    advance = await _advance_cents(loaded.id)
    settlement = rules_money.settle(int(loaded.row.granted_cents), advance, spent)
    if settlement.final_cents and not iban.valid(account):
        found["iban"] = _("Enter a valid IBAN for the rest of the grant.")
    if found:
        return invalid(found)
    for name, _kind, _alt, content in photos:
        files.write_pending(name, content, private=False)
    for name, _kind, _alt, content in receipts:
        files.write_pending(name, content, private=True)
    try:
        async with transaction():
            current = (
                await Initiative.select(Initiative.status).where(Initiative.id == loaded.id).first()
            )
            if current is None or current["status"] != st.GRANTED:
                return invalid({"report": _("A report was already sent.")})
            for group, kind in ((photos, "report"), (receipts, "receipt")):
                for name, content_type, alt, _content in group:
                    await InitiativeFile.insert(
                        InitiativeFile(
                            initiative=loaded.id,
                            kind=kind,
                            filename=name,
                            content_type=content_type,
                            alt_text=alt,
                        )
                    )
            await Initiative.update(
                {
                    Initiative.status: st.CARRIED_OUT,
                    Initiative.report: text,
                    Initiative.spent_cents: spent,
                    Initiative.iban: account if settlement.final_cents else "",
                    Initiative.reported_at: datetime.now(UTC),
                }
            ).where(Initiative.id == loaded.id)
    except BaseException:
        files.discard_pending([p[0] for p in photos], private=False)
        files.discard_pending([r[0] for r in receipts], private=True)
        raise
    files.publish([p[0] for p in photos], private=False)
    files.publish([r[0] for r in receipts], private=True)
    return done(loaded.id)


async def accept_report(user: Principal, initiative_id: int) -> Answer[rules_money.Settlement]:
    """Staff accept the report: the rest is ordered for payment, or unused money reclaimed."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if not permissions.can_accept_report(user, loaded.subject, loaded.status):
        return not_allowed(user, _("Only staff accept a report that was sent."))
    advance = await _advance_cents(loaded.id)
    settlement = rules_money.settle(
        int(loaded.row.granted_cents), advance, int(loaded.row.spent_cents)
    )
    now = datetime.now(UTC)
    async with transaction():
        current = (
            await Initiative.select(Initiative.status, Initiative.iban, Initiative.payee)
            .where(Initiative.id == loaded.id)
            .first()
        )
        if current is None or current["status"] != st.CARRIED_OUT:
            return invalid({"report": _("This report was already accepted.")})
        if settlement.final_cents:
            await order_payment(
                loaded,
                "final",
                settlement.final_cents,
                str(current["payee"]),
                str(current["iban"]),
                actor(user),
            )
        if settlement.reclaim_cents:
            await order_payment(
                loaded, "reclaim", settlement.reclaim_cents, str(current["payee"]), "", actor(user)
            )
        await Initiative.update(
            {
                Initiative.status: st.ACCOUNTED_FOR,
                Initiative.iban: "",
                Initiative.accounted_at: now,
                Initiative.updated_at: now,
            }
        ).where(Initiative.id == loaded.id)
        await InitiativeFile.update(
            {InitiativeFile.keep_until: deadlines.receipts_keep_until(now.date())}
        ).where(InitiativeFile.initiative == loaded.id, InitiativeFile.kind == "receipt")
        await append_event(
            actor(user),
            "initiatives.accounted",
            f"initiative:{loaded.id}",
            {
                "spent_cents": int(loaded.row.spent_cents),
                "final_cents": settlement.final_cents,
                "reclaim_cents": settlement.reclaim_cents,
            },
        )
    await send_all(
        await applicant_mail(loaded, _("Your report was accepted. Thank you for your initiative!"))
    )
    return done(settlement)


async def audit_draw(
    area_code: str, quarter: str, percent: int, seed: str, who: str = "cli"
) -> Answer[dict[str, Any]]:
    """Draw a share of the initiatives accounted for in a quarter for a receipts audit.

    The draw is stored once per area and quarter; the same seed gives the same answer again.
    """
    found: dict[str, str] = {}
    code = area_code.strip().upper()
    if await area_queries.area_by_code(code) is None:
        found["area"] = _("There is no area with code {code}.").format(code=code[:20])
    try:
        first, last = draw.parse_quarter(quarter)
    except ValueError:
        found["quarter"] = _("Write the quarter as 2026Q4.")
    if not 1 <= percent <= 100:
        found["percent"] = _("The percentage is a whole number from 1 to 100.")
    seed = seed.strip()
    if not seed or len(seed) > 100:
        found["seed"] = _("Give the published seed (at most 100 characters).")
    if found:
        return invalid(found)
    quarter = quarter.strip().upper()
    codes = {code, *await area_queries.descendant_codes(code)}
    fund_ids = [row.id for row in await queries.funds(codes)]
    population = [
        row.number
        for row in await queries.initiatives(fund_ids=fund_ids, statuses=[st.ACCOUNTED_FOR])
        if row.accounted_at is not None and first <= row.accounted_at.date() <= last
    ]
    chosen = draw.draw(population, percent, seed)
    answer = {
        "area": code,
        "quarter": quarter,
        "percent": percent,
        "seed": seed,
        "population": len(population),
        "drawn": chosen,
    }
    previous = await queries.draw_for(code, quarter)
    if previous is not None:
        if previous.seed != seed or previous.percent != percent:
            return invalid(
                {
                    "seed": _(
                        "This quarter was already drawn with seed {seed} and {percent}%."
                    ).format(seed=previous.seed, percent=previous.percent)
                }
            )
        stored = previous.drawn.split()
        return done({**answer, "drawn": stored, "population": len(population)})
    async with transaction():
        await AuditDraw.insert(
            AuditDraw(
                area_code=code,
                quarter=quarter,
                slot=f"{code}:{quarter}",
                seed=seed,
                percent=percent,
                drawn=" ".join(chosen),
            )
        )
        if chosen:
            await Initiative.update({Initiative.drawn_for_audit: quarter}).where(
                Initiative.number.is_in(chosen)
            )
        await append_event(
            who, "initiatives.audit_draw", f"area:{code}", json.loads(json.dumps(answer))
        )
    return done(answer)
