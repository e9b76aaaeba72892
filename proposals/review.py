"""Staff review of proposals: feasible, feasible with changes, not feasible or merged, in public."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts import queries as account_queries
from app.accounts.permissions import Principal, is_staff
from app.answer import FORBIDDEN, MISSING, Answer, Problems, done, invalid, refused
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.mail import send_mail
from app.rounds.queries import RoundView
from app.runtime import current_settings
from proposals import queries
from proposals import status as statuses
from proposals.rows import ProposalRow, ProposalSummary
from proposals.services import (
    StatusError,
    announce_status,
    change_status,
    proposal_with_round,
)
from proposals.tables import Proposal
from proposals.validation import MAX_REASON, cost, text


@dataclass(frozen=True)
class ReviewForm:
    """What the reviewer chose and wrote, unchecked."""

    outcome: str = ""
    reason: str = ""
    new_cost: str = ""
    scope_note: str = ""
    merge_into: str = ""


@dataclass(frozen=True)
class _Checked:
    outcome: str
    reason: str
    new_cost_cents: int | None
    scope_note: str
    target: ProposalRow | None


def review_refusal(user: Principal, proposal: ProposalSummary, round_view: RoundView) -> str:
    """Why this user may not review the proposal now; empty when they may."""
    if not is_staff(user):
        return _("Only municipal staff can review proposals.")
    if not round_view.allows("review"):
        return _("Proposals can only be reviewed while the round is in the reviewing phase.")
    if not any(statuses.can_change(proposal.status, o) for o in statuses.REVIEW_OUTCOMES):
        return _("This proposal can no longer be reviewed.")
    return ""


async def _check(
    proposal: ProposalRow, round_view: RoundView, form: ReviewForm, problems: Problems
) -> _Checked:
    outcome = form.outcome.strip()
    if outcome not in statuses.REVIEW_OUTCOMES:
        problems["outcome"] = _("Choose the outcome of the review.")
    elif not statuses.can_change(proposal.status, outcome):
        problems["outcome"] = _("This proposal already has this outcome.")
    reason = text(form.reason, "reason", MAX_REASON, problems)
    new_cost: int | None = None
    scope_note = ""
    target = None
    if outcome == statuses.FEASIBLE_CHANGED:
        scope_note = text(form.scope_note, "scope_note", MAX_REASON, problems, required=False)
        if form.new_cost.strip():
            new_cost = cost(form.new_cost, round_view.rules.max_cost_cents, problems)
            if "cost" in problems:
                problems["new_cost"] = problems.pop("cost")
        elif not scope_note and "scope_note" not in problems:
            problems["new_cost"] = _("Give the new cost or describe how the scope changes.")
    if outcome == statuses.MERGED:
        raw = form.merge_into.strip().lstrip("#")
        target = await queries.proposal_by_id(int(raw)) if raw.isdigit() and len(raw) < 10 else None
        if (
            target is None
            or target.id == proposal.id
            or target.round_id != proposal.round_id
            or statuses.is_final(target.status)
        ):
            problems["merge_into"] = _(
                "Give the number of another open proposal in the same round."
            )
            target = None
    return _Checked(outcome, reason, new_cost, scope_note, target)


async def review_proposal(user: Principal, proposal_id: int, form: ReviewForm) -> Answer[int]:
    """Staff decide on a proposal with a public reason; followers and, on a merge, authors hear."""
    found = await proposal_with_round(proposal_id)
    if found is None:
        return refused(MISSING, _("This proposal does not exist."))
    proposal, round_view = found
    refusal = review_refusal(user, proposal, round_view)
    if refusal:
        return refused(FORBIDDEN, refusal)
    problems: Problems = {}
    checked = await _check(proposal, round_view, form, problems)
    if problems:
        return invalid(problems)
    payload: dict[str, object] = {"outcome": checked.outcome}
    try:
        async with transaction():
            previous = await change_status(
                proposal_id,
                checked.outcome,
                checked.reason,
                user.id,
                "staff",
                changed_cost_cents=checked.new_cost_cents,
                scope_note=checked.scope_note,
            )
            payload["from"] = previous
            if checked.new_cost_cents is not None:
                payload["cost_cents"] = checked.new_cost_cents
                await Proposal.update({Proposal.cost_cents: checked.new_cost_cents}).where(
                    Proposal.id == proposal_id
                )
            if checked.target is not None:
                payload["merged_into"] = checked.target.id
                await Proposal.update({Proposal.merged_into: checked.target.id}).where(
                    Proposal.id == proposal_id
                )
            await append_event(
                f"user:{user.id}", "proposal.review", f"proposal:{proposal_id}", payload
            )
            # Recorded with the decision: followers and authors hear of it exactly when it holds.
            await announce_status(proposal_id, checked.outcome, checked.reason)
            if checked.target is not None:
                await _tell_authors_of_merge(proposal, checked.target, checked.reason)
    except StatusError:
        return refused(FORBIDDEN, _("This proposal can no longer be reviewed."))
    return done(proposal_id)


async def _tell_authors_of_merge(merged: ProposalRow, target: ProposalRow, reason: str) -> None:
    """Email both authors that their proposals were combined (each once); in the caller's
    transaction."""
    base = current_settings().base_url
    body = _(
        "Hello {name},\n\n"
        "The municipality combined two very similar proposals:\n\n"
        "  {merged_title}\n  {merged_link}\n\nis now part of\n\n"
        "  {target_title}\n  {target_link}\n\n"
        "The reason: {reason}\n\n"
        "Supports and comments stay visible on both pages."
    )
    author_ids = {a for a in (merged.author_id, target.author_id) if a is not None}
    for author_id in sorted(author_ids):
        profile = await account_queries.profile(author_id)
        if profile is None:
            continue
        text_body = body.format(
            name=profile["name"],
            merged_title=merged.title,
            merged_link=f"{base}/voorstellen/{merged.id}",
            target_title=target.title,
            target_link=f"{base}/voorstellen/{target.id}",
            reason=reason,
        )
        await send_mail(
            str(profile["email"]), _("Your proposal was combined with another"), text_body
        )
