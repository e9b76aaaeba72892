"""Use cases of moderation: report a comment or proposal, hide it with a public reason (audited)."""

from __future__ import annotations

from app.accounts.permissions import Principal
from app.answer import CONFLICT, FORBIDDEN, FORM, LOGIN, MISSING, Answer, done, refused
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from deliberation import permissions, proposal_rows
from deliberation.subjects import Subject, subject
from deliberation.tables import Comment, Report

MAX_REASON = 300
KINDS = ("comment", "proposal")


def _reason_problem(reason: str) -> Answer[int] | None:
    if not reason.strip():
        return refused(FORM, _("Give a reason."))
    if len(reason) > MAX_REASON:
        return refused(
            FORM, _("A reason may be at most {limit} characters long.").format(limit=MAX_REASON)
        )
    return None


async def _target(
    kind: str, target_id: int
) -> tuple[Subject, dict[str, object] | None] | Answer[int]:
    """The proposal concerned and, for a comment, the comment row."""
    if kind not in KINDS:
        return refused(FORM, _("You can report a comment or a proposal."))
    row: dict[str, object] | None = None
    proposal_id = target_id
    if kind == "comment":
        row = (
            await Comment.select(Comment.id, Comment.proposal, Comment.hidden_reason)
            .where(Comment.id == target_id)
            .first()
        )
        if row is None:
            return refused(MISSING, _("This comment does not exist."))
        proposal_id = int(str(row["proposal"]))
    found = await subject(proposal_id)
    if found is None:
        return refused(MISSING, _("This proposal does not exist."))
    return found, row


async def report(user: Principal, kind: str, target_id: int, reason: str) -> Answer[int]:
    """Anyone signed in reports a comment or proposal to the moderators, with a reason."""
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    problem = _reason_problem(reason)
    if problem is not None:
        return problem
    target = await _target(kind, target_id)
    if isinstance(target, Answer):
        return target
    found, _row = target
    async with transaction():
        rows = await Report.insert(
            Report(
                subject=f"{kind}:{target_id}",
                proposal=found.id,
                reporter=user.id,
                reason=reason.strip(),
            )
        ).returning(Report.id)
    return done(int(rows[0]["id"]))


async def hide(user: Principal, kind: str, target_id: int, reason: str) -> Answer[int]:
    """A moderator hides a comment or proposal; the reason shows in its place, audited."""
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    if not permissions.moderates_anywhere(user):  # no moderator anywhere: refuse first
        return refused(FORBIDDEN, _("Only moderators of this round's area can hide messages."))
    target = await _target(kind, target_id)
    if isinstance(target, Answer):
        return target
    found, row = target
    if not permissions.may_moderate(user, found.lineage):
        return refused(FORBIDDEN, _("Only moderators of this round's area can hide messages."))
    problem = _reason_problem(reason)
    if problem is not None:
        return problem
    already = (row is not None and row["hidden_reason"]) or (row is None and found.hidden)
    if already:
        return refused(CONFLICT, _("This is already hidden."))
    text = reason.strip()
    key = f"{kind}:{target_id}"
    async with transaction():
        if kind == "comment":
            await Comment.update({Comment.hidden_reason: text}).where(Comment.id == target_id)
        else:
            await proposal_rows.set_hidden(target_id, text)
        await Report.update({Report.handled: True}).where(Report.subject == key)
        await append_event(f"user:{user.id}", "moderation.hide", key, {"reason": text})
    return done(target_id)


async def dismiss(user: Principal, report_id: int) -> Answer[int]:
    """A moderator closes a report without hiding anything (audited)."""
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    row = (
        await Report.select(Report.id, Report.proposal, Report.subject)
        .where(Report.id == report_id)
        .first()
    )
    if row is None:
        return refused(MISSING, _("This report does not exist."))
    found = await subject(int(row["proposal"]))
    if found is None or not permissions.may_moderate(user, found.lineage):
        return refused(FORBIDDEN, _("Only moderators of this round's area can handle reports."))
    async with transaction():
        await Report.update({Report.handled: True}).where(Report.id == report_id)
        await append_event(
            f"user:{user.id}", "moderation.dismiss", str(row["subject"]), {"report": report_id}
        )
    return done(report_id)
