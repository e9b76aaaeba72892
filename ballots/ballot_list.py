"""From proposals to ballot: which proposals qualify, and the council's confirmation of the list.

Confirmation writes, in one transaction, a snapshot (title, summary, cost) per ballot option,
the confirmation with every hand change and its reason, the proposals' "on_ballot" status and
one audit event. A later edit of a proposal never changes a snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from app.accounts.permissions import Principal, acts_for_area, is_staff
from app.answer import CONFLICT, FORBIDDEN, LOGIN, MISSING, Answer, done, invalid, refused
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.db import DUPLICATE_ERRORS, is_duplicate, transaction
from app.i18n import _
from app.rounds.queries import RoundView, round_by_id
from ballots.tables import BallotListConfirmation, BallotOption
from deliberation import proposal_rows

QUALIFYING_STATUSES = proposal_rows.QUALIFYING
ON_BALLOT = proposal_rows.ON_BALLOT
MAX_REASON = 300


@dataclass(frozen=True)
class HandChanges:
    """Proposals the council adds or removes by hand, each with its reason (by proposal id)."""

    add: Mapping[int, str] = field(default_factory=dict)
    remove: Mapping[int, str] = field(default_factory=dict)


def qualifies(proposal: Mapping[str, Any], threshold: int) -> bool:
    """Feasible (possibly changed), not hidden, and at least the round's support threshold."""
    return (
        str(proposal["status"]) in QUALIFYING_STATUSES
        and not proposal.get("hidden")
        and int(proposal["support_count"]) >= threshold
    )


def ballot_order(proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most supported first, then oldest: the order options get their positions in."""
    return sorted(proposals, key=lambda p: (-int(p["support_count"]), int(p["id"])))


async def candidates(round_view: RoundView) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The qualifying proposals (ballot order) and the feasible ones short of supports."""
    rows = await proposal_rows.proposals_for_round(round_view.id)
    threshold = round_view.rules.support_threshold
    listed, others = [], []
    for row in rows:
        # A review with a changed cost writes the new cost into the proposal itself.
        item = {**asdict(row), "ballot_cost_cents": row.cost_cents}
        if qualifies(item, threshold):
            listed.append(item)
        elif row.status in QUALIFYING_STATUSES and not row.hidden:
            others.append(item)  # feasible but short of supports: the council may add it
    return ballot_order(listed), ballot_order(others)


def _change_problems(changes: HandChanges, listed: set[int], others: set[int]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for kind, chosen, allowed in (
        ("add", changes.add, others),
        ("remove", changes.remove, listed),
    ):
        for proposal_id, reason in chosen.items():
            if proposal_id not in allowed:
                problems[f"{kind}-{proposal_id}"] = _(
                    "Proposal {id} cannot be changed this way."
                ).format(id=proposal_id)
            elif not reason.strip():
                problems[f"reason-{proposal_id}"] = _(
                    "Give a reason for every proposal you add or remove by hand."
                )
            elif len(reason) > MAX_REASON:
                problems[f"reason-{proposal_id}"] = _(
                    "A reason may be at most {limit} characters long."
                ).format(limit=MAX_REASON)
    return problems


async def _check(user: Principal, round_id: int) -> RoundView | Answer[int]:
    if user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    found = await round_by_id(round_id)
    if found is None:
        return refused(MISSING, _("This round does not exist."))
    if not acts_for_area(user, await area_queries.lineage_codes(found.area_code)):
        return refused(FORBIDDEN, _("Only the council of this round's area or staff can do this."))
    if not found.allows("confirm_ballot"):
        return refused(
            CONFLICT, _("The ballot list is confirmed at the end of the deliberating phase.")
        )
    if await BallotListConfirmation.exists().where(BallotListConfirmation.round == round_id):
        return refused(CONFLICT, _("The ballot list of this round has already been confirmed."))
    return found


def _already() -> Answer[int]:
    return refused(CONFLICT, _("The ballot list of this round has already been confirmed."))


async def confirm_ballot_list(user: Principal, round_id: int, changes: HandChanges) -> Answer[int]:
    """The council confirms the ballot list, with a reason for every hand change."""
    found = await _check(user, round_id)
    if isinstance(found, Answer):
        return found
    listed, others = await candidates(found)
    problems = _change_problems(
        changes, {int(p["id"]) for p in listed}, {int(p["id"]) for p in others}
    )
    if problems:
        return invalid(problems)
    chosen = ballot_order(
        [p for p in listed if int(p["id"]) not in changes.remove]
        + [p for p in others if int(p["id"]) in changes.add]
    )
    if not chosen:
        return invalid({"list": _("The ballot needs at least one proposal.")})
    log = [
        {"proposal": pid, "change": kind, "reason": reason.strip()}
        for kind, chosen_changes in (("add", changes.add), ("remove", changes.remove))
        for pid, reason in sorted(chosen_changes.items())
    ]
    try:
        async with transaction():  # the list and the news of it are kept together or not at all
            option_ids = await write_ballot_list(user, found, chosen, log)
            for proposal in chosen if option_ids is not None else []:
                await proposal_rows.announce_status(int(proposal["id"]), ON_BALLOT, _on_ballot())
    except DUPLICATE_ERRORS as error:  # a concurrent confirmation won the race
        if not is_duplicate(error):
            raise
        return _already()
    except proposal_rows.StatusError:  # a proposal changed status meanwhile: nothing stored
        return refused(CONFLICT, _("A proposal changed meanwhile. Reload the page and try again."))
    if option_ids is None:
        return _already()
    return done(len(option_ids))


def _on_ballot() -> str:
    return _("The council confirmed this proposal for the ballot.")


async def write_ballot_list(
    user: Principal, found: RoundView, chosen: list[dict[str, Any]], log: list[dict[str, Any]]
) -> list[int] | None:
    """Write the snapshots, confirmation, statuses and audit event; None if already confirmed.

    No phase or permission checks: `confirm_ballot_list` makes them (the demo loader skips).
    """
    official = "staff" if is_staff(user) else "council"
    async with transaction():
        if await BallotListConfirmation.exists().where(BallotListConfirmation.round == found.id):
            return None
        await BallotListConfirmation.insert(
            BallotListConfirmation(
                round=found.id, confirmed_by=user.id, changes=json.dumps(log, ensure_ascii=False)
            )
        )
        option_ids = []
        for position, proposal in enumerate(chosen, start=1):
            rows = await BallotOption.insert(
                BallotOption(
                    round=found.id,
                    proposal_id=int(proposal["id"]),
                    slot=f"{found.id}:{proposal['id']}",
                    project_key=str(proposal["id"]),
                    title=str(proposal["title"]),
                    summary=str(proposal["summary"]),
                    cost_cents=int(proposal["ballot_cost_cents"]),
                    position=position,
                )
            ).returning(BallotOption.id)
            option_ids.append(int(rows[0]["id"]))
            await proposal_rows.set_status(
                int(proposal["id"]), ON_BALLOT, _on_ballot(), user.id, official
            )
        await append_event(
            f"user:{user.id}",
            "ballot.confirm",
            f"round:{found.id}",
            {"options": option_ids, "changes": log},
        )
    return option_ids
