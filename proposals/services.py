"""Use cases of proposals: submit, edit, withdraw, and the status and count hooks for other modules.

Each use case checks who may act and validates first, then runs one write transaction (rows,
version, status history, audit event) and answers with an `Answer` (app.answer). Photos are
written to temporary files before the transaction and moved into place only after it committed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from piccolo.columns import Column

from app.accounts.permissions import Principal
from app.answer import FORBIDDEN, MISSING, Answer, Problems, done, invalid, refused
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.db import is_sqlite, transaction
from app.events import publish
from app.i18n import _
from app.rounds import queries as round_queries
from app.rounds.queries import RoundView
from proposals import photos, queries
from proposals import status as statuses
from proposals.rows import ProposalRow, ProposalSummary
from proposals.tables import Proposal, ProposalPhoto, ProposalStatusChange, ProposalVersion
from proposals.validation import (
    MAX_REASON,
    CleanProposal,
    ProposalForm,
    check_photos,
    check_proposal,
    text,
)

STATUS_EVENT = "proposal.status_changed"


class StatusError(ValueError):
    """A status change that the proposal's current status does not allow (or no proposal)."""


async def propose_refusal(user: Principal, round_view: RoundView) -> str:
    """Why this user may not submit a proposal in the round now; empty when they may."""
    if not user.authenticated:
        return _("Log in to submit a proposal.")
    if not round_view.allows("propose"):
        return _("This round does not accept new proposals at the moment.")
    if not user.email_confirmed:
        return _("Confirm your email address before you submit a proposal.")
    home = await area_queries.area_for_postcode(user.postcode) if user.postcode else None
    if home is None or round_view.area_code not in await area_queries.lineage_codes(home["code"]):
        return _("Only residents of {area} can submit proposals in this round.").format(
            area=round_view.area_name
        )
    return ""


def _author_refusal(user: Principal, proposal: ProposalSummary) -> str:
    if not user.authenticated or proposal.author_id != user.id:
        return _("Only the author can change this proposal.")
    return ""


async def _lock_status(proposal_id: int) -> str | None:
    query = Proposal.select(Proposal.status).where(Proposal.id == proposal_id)
    if not is_sqlite():  # SQLite's IMMEDIATE transaction already serialises writers
        query = query.lock_rows()
    row = await query.first()
    return None if row is None else str(row["status"])


async def change_status(
    proposal_id: int,
    status: str,
    reason: str,
    actor_id: int | None,
    official: str,
    *,
    changed_cost_cents: int | None = None,
    scope_note: str = "",
) -> str:
    """Move a proposal to a status and record why, inside the caller's transaction.

    Returns the previous status; raises StatusError when the move is not allowed.
    """
    current = await _lock_status(proposal_id)
    if current is None:
        raise StatusError(f"no proposal {proposal_id}")
    if not statuses.can_change(current, status):
        raise StatusError(f"proposal {proposal_id} cannot go from {current} to {status}")
    now = datetime.now(UTC)
    await Proposal.update({Proposal.status: status, Proposal.updated_at: now}).where(
        Proposal.id == proposal_id
    )
    await ProposalStatusChange.insert(
        ProposalStatusChange(
            proposal=proposal_id,
            status=status,
            reason=reason,
            changed_cost_cents=changed_cost_cents,
            scope_note=scope_note,
            actor=actor_id,
            official=official,
            at=now,
        )
    )
    return current


async def set_status(
    proposal_id: int, status: str, reason: str, actor_id: int | None, official: str
) -> None:
    """For other modules, INSIDE their own transaction: change a status, history and audit.

    Raises StatusError when the change is not allowed (so the caller's transaction rolls
    back). In the same transaction it should `await announce_status(...)` so followers hear.
    """
    previous = await change_status(proposal_id, status, reason, actor_id, official)
    actor = f"user:{actor_id}" if actor_id is not None else "system"
    payload = {"from": previous, "to": status, "official": official}
    await append_event(actor, "proposal.status", f"proposal:{proposal_id}", payload)


async def announce_status(proposal_id: int, status: str, reason: str) -> None:
    """Publish "proposal.status_changed" in the caller's transaction (kept exactly with it)."""
    await publish(STATUS_EVENT, {"proposal_id": proposal_id, "status": status, "reason": reason})


async def adjust_counts(proposal_id: int, supports: int = 0, comments: int = 0) -> None:
    """For other modules, INSIDE their own transaction: add to the support and comment counts."""
    values: dict[Column | str, object] = {}
    if supports:
        values[Proposal.support_count] = Proposal.support_count + supports
    if comments:
        values[Proposal.comment_count] = Proposal.comment_count + comments
    if values:
        await Proposal.update(values).where(Proposal.id == proposal_id)


def _version_row(
    proposal_id: int, version: int, clean: CleanProposal, user_id: int
) -> ProposalVersion:
    return ProposalVersion(
        proposal=proposal_id,
        version=version,
        title=clean.title,
        summary=clean.summary,
        description=clean.description,
        cost_cents=clean.cost_cents,
        category=clean.category,
        area_code=clean.area_code,
        edited_by=user_id,
        edited_at=datetime.now(UTC),
    )


async def _store_photos(
    proposal_id: int, checked: list[tuple[photos.Upload, str]], names: list[str]
) -> None:
    for (upload, kind), name in zip(checked, names, strict=True):
        await ProposalPhoto.insert(
            ProposalPhoto(
                proposal=proposal_id,
                filename=name,
                content_type=kind,
                size_bytes=len(upload.data),
                alt_text=upload.alt_text.strip(),
            )
        )


def _photo_failure() -> Answer[int]:
    return invalid({"photo_1": _("We could not store your photos. Nothing was saved; try again.")})


async def _validated(
    round_view: RoundView, form: ProposalForm, kept_photos: int
) -> tuple[CleanProposal, list[tuple[photos.Upload, str]], int | None, Problems]:
    problems: Problems = {}
    choices = await queries.area_choices(round_view)
    clean = check_proposal(form, round_view.rules, {c.code for c in choices}, problems)
    uploads = [await photos.clean_upload(upload) for upload in form.uploads]
    checked = check_photos(uploads, kept_photos, problems)
    area_id = next((c.id for c in choices if c.code == clean.area_code), None)
    return clean, checked, area_id, problems


async def submit_proposal(user: Principal, round_id: int, form: ProposalForm) -> Answer[int]:
    """A resident of the round's area submits a proposal in the proposing phase."""
    round_view = await round_queries.round_by_id(round_id)
    if round_view is None:
        return refused(MISSING, _("This proposal does not exist."))
    refusal = await propose_refusal(user, round_view)
    if refusal:
        return refused(FORBIDDEN, refusal)
    if user.id is None:  # cannot happen: propose_refusal refuses anonymous visitors
        return refused(FORBIDDEN, _("Log in to submit a proposal."))
    clean, checked, area_id, problems = await _validated(round_view, form, 0)
    if problems:
        return invalid(problems)
    names = [photos.new_name(kind) for _upload, kind in checked]
    try:
        for name, (upload, _kind) in zip(names, checked, strict=True):
            photos.write_pending(name, upload.data)
        async with transaction():
            now = datetime.now(UTC)
            rows = await Proposal.insert(
                Proposal(
                    round=round_id,
                    author=user.id,
                    title=clean.title,
                    summary=clean.summary,
                    description=clean.description,
                    cost_cents=clean.cost_cents,
                    category=clean.category,
                    area=area_id,
                    status=statuses.SUBMITTED,
                    version=1,
                    age_confirmed=form.age_confirmed,
                    lat=clean.lat,
                    lon=clean.lon,
                    created_at=now,
                    updated_at=now,
                )
            ).returning(Proposal.id)
            proposal_id = int(rows[0]["id"])
            await ProposalVersion.insert(_version_row(proposal_id, 1, clean, user.id))
            await ProposalStatusChange.insert(
                ProposalStatusChange(
                    proposal=proposal_id, status=statuses.SUBMITTED, actor=user.id, at=now
                )
            )
            await _store_photos(proposal_id, checked, names)
            payload = {"round_id": round_id, "version": 1, "photos": len(names)}
            subject = f"proposal:{proposal_id}"
            await append_event(f"user:{user.id}", "proposal.submit", subject, payload)
    except OSError:
        photos.discard_pending(names)
        return _photo_failure()
    except BaseException:
        photos.discard_pending(names)
        raise
    photos.publish(names)
    return done(proposal_id)


async def edit_refusal(user: Principal, proposal: ProposalSummary, round_view: RoundView) -> str:
    """Why this user may not edit the proposal now; empty when they may."""
    refusal = _author_refusal(user, proposal)
    if refusal:
        return refusal
    if not round_view.allows("edit"):
        return _("Proposals can only be changed while the round accepts proposals.")
    if not statuses.is_editable(proposal.status) or proposal.hidden:
        return _("This proposal can no longer be changed.")
    return ""


async def proposal_with_round(proposal_id: int) -> tuple[ProposalRow, RoundView] | None:
    """The proposal and its round, or None when either does not exist."""
    proposal = await queries.proposal_by_id(proposal_id)
    round_view = None if proposal is None else await round_queries.round_by_id(proposal.round_id)
    return None if proposal is None or round_view is None else (proposal, round_view)


async def edit_proposal(user: Principal, proposal_id: int, form: ProposalForm) -> Answer[int]:
    """The author changes the text; the previous version stays in the public history."""
    found = await proposal_with_round(proposal_id)
    if found is None:
        return refused(MISSING, _("This proposal does not exist."))
    proposal, round_view = found
    refusal = await edit_refusal(user, proposal, round_view)
    if refusal:
        return refused(FORBIDDEN, refusal)
    if user.id is None:  # cannot happen: edit_refusal refuses anyone but the author
        return refused(FORBIDDEN, _("Only the author can change this proposal."))
    existing = await queries.photos_of(proposal_id)
    removed = [p for p in existing if p.id in form.remove_photo_ids]
    kept = len(existing) - len(removed)
    clean, checked, area_id, problems = await _validated(round_view, form, kept)
    if problems:
        return invalid(problems)
    names = [photos.new_name(kind) for _upload, kind in checked]
    try:
        for name, (upload, _kind) in zip(names, checked, strict=True):
            photos.write_pending(name, upload.data)
        async with transaction():
            current = await _lock_status(proposal_id)
            if current is None or not statuses.is_editable(current):
                photos.discard_pending(names)
                return refused(FORBIDDEN, _("This proposal can no longer be changed."))
            bumped = (
                await Proposal.update(
                    {
                        Proposal.version: Proposal.version + 1,
                        Proposal.title: clean.title,
                        Proposal.summary: clean.summary,
                        Proposal.description: clean.description,
                        Proposal.cost_cents: clean.cost_cents,
                        Proposal.category: clean.category,
                        Proposal.area: area_id,
                        Proposal.lat: clean.lat,
                        Proposal.lon: clean.lon,
                        Proposal.updated_at: datetime.now(UTC),
                    }
                )
                .where(Proposal.id == proposal_id)
                .returning(Proposal.version)
            )
            version = int(bumped[0]["version"])
            await ProposalVersion.insert(_version_row(proposal_id, version, clean, user.id))
            if removed:
                await ProposalPhoto.delete().where(ProposalPhoto.id.is_in([p.id for p in removed]))
            await _store_photos(proposal_id, checked, names)
            payload = {"version": version, "added": len(names), "removed": len(removed)}
            subject = f"proposal:{proposal_id}"
            await append_event(f"user:{user.id}", "proposal.edit", subject, payload)
    except OSError:
        photos.discard_pending(names)
        return _photo_failure()
    except BaseException:
        photos.discard_pending(names)
        raise
    photos.publish(names)
    photos.remove([p.filename for p in removed])
    return done(proposal_id)


async def withdraw_refusal(
    user: Principal, proposal: ProposalSummary, round_view: RoundView
) -> str:
    """Why this user may not withdraw the proposal now; empty when they may."""
    refusal = _author_refusal(user, proposal)
    if refusal:
        return refusal
    if not round_view.allows("withdraw"):
        return _("Proposals cannot be withdrawn in this phase of the round.")
    if not statuses.can_change(proposal.status, statuses.WITHDRAWN):
        return _("This proposal can no longer be withdrawn.")
    return ""


async def withdraw_proposal(user: Principal, proposal_id: int, reason: str) -> Answer[int]:
    """The author withdraws the proposal (before it is on the ballot), optionally saying why."""
    found = await proposal_with_round(proposal_id)
    if found is None:
        return refused(MISSING, _("This proposal does not exist."))
    proposal, round_view = found
    refusal = await withdraw_refusal(user, proposal, round_view)
    if refusal:
        return refused(FORBIDDEN, refusal)
    problems: Problems = {}
    why = text(reason, "reason", MAX_REASON, problems, required=False)
    if problems:
        return invalid(problems)
    try:
        async with transaction():
            previous = await change_status(proposal_id, statuses.WITHDRAWN, why, user.id, "")
            payload = {"from": previous}
            await append_event(
                f"user:{user.id}", "proposal.withdraw", f"proposal:{proposal_id}", payload
            )
            await announce_status(proposal_id, statuses.WITHDRAWN, why)
    except StatusError:
        return refused(FORBIDDEN, _("This proposal can no longer be withdrawn."))
    return done(proposal_id)


async def set_hidden(proposal_id: int, reason: str) -> None:
    """Hide a proposal with a public reason ("" shows it again); inside the caller's transaction."""
    await Proposal.update({Proposal.hidden: reason}).where(Proposal.id == proposal_id)
