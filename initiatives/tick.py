"""The daily run (`wijkstem initiatives tick`): escalations, report reminders and retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.accounts import queries as account_queries
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.runtime import current_settings
from initiatives import deadlines, files, notify, queries
from initiatives import status as st
from initiatives.common import rules_of
from initiatives.rows import InitiativeRow
from initiatives.tables import CoInitiator, Initiative, InitiativeFile, Message, Reaction


@dataclass(frozen=True)
class TickReport:
    """What one run did."""

    escalated: int
    reminded: int
    anonymised: int
    receipts_deleted: int

    def line(self) -> str:
        """One line for the command's output."""
        return (
            f"escalated: {self.escalated}; reminded: {self.reminded}; "
            f"anonymised: {self.anonymised}; receipts_deleted: {self.receipts_deleted}"
        )


async def _mail_applicant(row: InitiativeRow, news: str) -> list[notify.Mail]:
    if row.applicant is None:
        return []
    profile = await account_queries.profile(row.applicant)
    if profile is None:
        return []
    return [notify.to_applicant(str(profile["email"]), row.title, row.id, news)]


async def escalate(today: date) -> int:
    """Mark every application whose decision deadline passed; tell the applicant."""
    count = 0
    for row in await queries.initiatives(statuses=st.UNDECIDED):
        deadline = row.deadline
        if row.escalated or deadline is None or not deadlines.overdue(deadline, today):
            continue
        async with transaction():
            await Initiative.update({Initiative.escalated: True}).where(Initiative.id == row.id)
            await append_event(
                "system",
                "initiatives.escalated",
                f"initiative:{row.id}",
                {"deadline": deadline.isoformat()},
            )
        count += 1
        await notify.send_all(
            await _mail_applicant(
                row,
                _(
                    "The decision on your application is late: it was due by {day}. "
                    "We have passed it on to the municipality's staff."
                ).format(day=deadline.isoformat()),
            )
        )
    return count


async def remind(today: date) -> int:
    """Remind applicants a week before their report is due and once after it passed."""
    count = 0
    for row in await queries.initiatives(statuses=[st.GRANTED]):
        fund = await queries.fund(row.fund)
        if fund is None or row.held_on is None:
            continue
        due = deadlines.report_deadline(rules_of(fund), row.held_on)
        which = deadlines.reminder_due(due, today, row.reminded_before, row.reminded_after)
        if which is None:
            continue
        column = Initiative.reminded_after if which == "after" else Initiative.reminded_before
        await Initiative.update({column: True}).where(Initiative.id == row.id)
        news = (
            _("Your report is overdue: it was due by {day}. Please send it with the receipts.")
            if which == "after"
            else _("Please send your report with the receipts by {day}.")
        ).format(day=due.isoformat())
        await notify.send_all(await _mail_applicant(row, news))
        count += 1
    return count


async def anonymise(today: date, retention_days: int) -> int:
    """Delete the personal data of refused or withdrawn applications past the retention period."""
    count = 0
    for row in await queries.initiatives(statuses=st.CLOSED_WITHOUT_MONEY):
        if row.anonymised:
            continue
        closed = (row.decided_at or row.updated_at).date()
        if not deadlines.personal_data_expired(closed, today, retention_days):
            continue
        async with transaction():
            await Initiative.update(
                {
                    Initiative.applicant: None,
                    Initiative.applicant_name: "",
                    Initiative.show_name: False,
                    Initiative.payee: "",
                    Initiative.iban: "",
                    Initiative.anonymised: True,
                }
            ).where(Initiative.id == row.id)
            await CoInitiator.delete().where(CoInitiator.initiative == row.id)
            await Reaction.delete().where(Reaction.initiative == row.id)
            await Message.delete().where(Message.initiative == row.id)
            await append_event(
                "system",
                "initiatives.retention",
                f"initiative:{row.id}",
                {"status": row.status, "retention_days": retention_days},
            )
        count += 1
    return count


async def delete_old_receipts(today: date) -> int:
    """Delete receipts whose seven years have passed (rows, then files)."""
    rows = await InitiativeFile.select(InitiativeFile.id, InitiativeFile.filename).where(
        InitiativeFile.kind == "receipt",
        InitiativeFile.keep_until.is_not_null(),
        InitiativeFile.keep_until < today,
    )
    if not rows:
        return 0
    async with transaction():
        await InitiativeFile.delete().where(InitiativeFile.id.is_in([r["id"] for r in rows]))
    files.remove([str(r["filename"]) for r in rows], private=True)
    return len(rows)


async def tick(today: date | None = None) -> TickReport:
    """Run every daily step once."""
    day = today or datetime.now(UTC).date()
    return TickReport(
        escalated=await escalate(day),
        reminded=await remind(day),
        anonymised=await anonymise(day, current_settings().initiatives_retention_days),
        receipts_deleted=await delete_old_receipts(day),
    )
