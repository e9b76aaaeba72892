"""Use cases of deciding: staff advice, each member's vote, the decision, the one extension.

The decision checks, in one transaction, that the votes carry the outcome and that the grant
fits on the fund's line (the line is never over-committed, also under concurrent decisions);
a grant orders its advance at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.accounts import queries as account_queries
from app.accounts.permissions import Principal
from app.answer import Answer, done, invalid
from app.audit.services import append_event
from app.db import DUPLICATE_ERRORS, is_duplicate, is_sqlite, transaction
from app.i18n import _
from initiatives import deadlines, notify, permissions, queries
from initiatives import money as rules_money
from initiatives import status as st
from initiatives.common import (
    Loaded,
    actor,
    applicant_mail,
    cents,
    euro,
    load,
    missing,
    not_allowed,
    rules_of,
)
from initiatives.tables import Initiative, Payment, Vote
from initiatives.texts import outcome_word

CHOICES = ("for", "against", "abstain")
_LOCK_BASE = 917_000_000


async def _lock_fund(fund_id: int) -> None:
    """Serialise decisions on one fund (SQLite's IMMEDIATE transaction already does)."""
    if not is_sqlite():
        await Initiative.raw("SELECT pg_advisory_xact_lock({})", _LOCK_BASE + fund_id)


async def advise(user: Principal, initiative_id: int, advice: str) -> Answer[int]:
    """Staff record their advice for the deciders: feasibility, permits needed."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if not permissions.can_advise(user, loaded.subject, loaded.status):
        return not_allowed(user, _("Only staff advise, while the application is in review."))
    advice = (advice or "").strip()
    if not advice or len(advice) > 5000:
        return invalid({"advice": _("Write the advice (at most 5000 characters).")})
    async with transaction():
        await Initiative.update({Initiative.advice: advice}).where(Initiative.id == loaded.id)
        await append_event(
            actor(user), "initiatives.advice", f"initiative:{loaded.id}", {"advice": advice}
        )
    return done(loaded.id)


async def vote(user: Principal, initiative_id: int, choice: str) -> Answer[int]:
    """A member of the deciding body votes once; a conflicted member is refused."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if permissions.is_decider(user, loaded.subject) and permissions.conflicted(
        user, loaded.subject
    ):
        return not_allowed(
            user,
            _(
                "You cannot vote on this application: you are its applicant, a co-initiator "
                "or a supporter."
            ),
        )
    if not permissions.can_vote(user, loaded.subject, loaded.status):
        return not_allowed(
            user, _("Only members of the deciding body vote, while the application is in review.")
        )
    if choice not in CHOICES:
        return invalid({"choice": _("Choose for, against or abstain.")})
    profile = await account_queries.profile(int(user.id or 0))
    try:
        async with transaction():
            rows = await Vote.insert(
                Vote(
                    initiative=loaded.id,
                    member=user.id,
                    member_name=str(profile["name"]) if profile else "",
                    pair=f"{loaded.id}:{user.id}",
                    choice=choice,
                )
            ).returning(Vote.id)
            await append_event(
                actor(user), "initiatives.vote", f"initiative:{loaded.id}", {"vote": choice}
            )
    except DUPLICATE_ERRORS as error:
        if not is_duplicate(error):
            raise
        return invalid({"choice": _("You already voted on this application.")})
    return done(int(rows[0]["id"]))


def _tally(rows: list[dict[str, object]]) -> dict[str, int]:
    counts = dict.fromkeys(CHOICES, 0)
    for row in rows:
        counts[str(row["choice"])] = counts.get(str(row["choice"]), 0) + 1
    return counts


async def decide(
    user: Principal,
    initiative_id: int,
    outcome: str,
    amount: str,
    reasons: str,
    conditions: str = "",
) -> Answer[int]:
    """Record the outcome the votes carry, with public reasons; a grant orders its advance."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if not permissions.can_decide(user, loaded.subject, loaded.status):
        return not_allowed(
            user,
            _("Only the deciding body (without a conflict of interest) or staff can decide."),
        )
    found: dict[str, str] = {}
    if outcome not in st.OUTCOMES:
        found["outcome"] = _("Choose the outcome.")
    reasons = (reasons or "").strip()
    conditions = (conditions or "").strip()
    if not reasons:
        found["reasons"] = _("Give the reasons for the decision; they are public.")
    if len(reasons) > 5000 or len(conditions) > 5000:
        found["reasons"] = _("The text is too long (at most 5000 characters).")
    asked = int(loaded.row.asked_cents)
    granted = 0
    if outcome in (st.OUTCOME_GRANTED, st.OUTCOME_CONDITIONS):
        granted = cents(amount, "amount", found) if amount.strip() else asked
    elif outcome == st.OUTCOME_PART:
        granted = cents(amount, "amount", found)
        if "amount" not in found and not 0 < granted < asked:
            found["amount"] = _("Granted in part: enter an amount below the amount asked.")
    if outcome != st.OUTCOME_REFUSED and granted > asked:
        found["amount"] = _("The grant cannot be more than the amount asked.")
    if outcome == st.OUTCOME_CONDITIONS and not conditions:
        found["conditions"] = _("Write the conditions.")
    if found:
        return invalid(found)
    fund_id = int(loaded.fund.id)
    async with transaction():
        await _lock_fund(fund_id)
        current = (
            await Initiative.select(Initiative.status, Initiative.iban, Initiative.payee)
            .where(Initiative.id == loaded.id)
            .first()
        )
        if current is None or current["status"] != st.IN_REVIEW:
            return invalid({"outcome": _("This application was already decided.")})
        votes = _tally(await Vote.select(Vote.choice).where(Vote.initiative == loaded.id))
        if not st.decision_holds(outcome, votes):
            return invalid(
                {
                    "outcome": _("The votes cast do not carry this outcome ({votes}).").format(
                        votes=", ".join(f"{k}: {v}" for k, v in votes.items())
                    )
                }
            )
        if granted:
            held = await queries.committed_on(fund_id)
            if rules_money.over_commits(int(loaded.fund.line_cents), held, granted):
                left = int(loaded.fund.line_cents) - held
                return invalid(
                    {
                        "amount": _(
                            "The initiatives line has only {left} left: this grant would commit "
                            "more than the line holds."
                        ).format(left=euro(left))
                    }
                )
        now = datetime.now(UTC)
        await Initiative.update(
            {
                Initiative.status: st.status_after_decision(outcome),
                Initiative.outcome: outcome,
                Initiative.granted_cents: granted,
                Initiative.reasons: reasons,
                Initiative.conditions: conditions,
                Initiative.decided_at: now,
                Initiative.escalated: False,
                Initiative.iban: "",
                Initiative.updated_at: now,
            }
        ).where(Initiative.id == loaded.id)
        await append_event(
            actor(user),
            "initiatives.decision",
            f"initiative:{loaded.id}",
            {"outcome": outcome, "granted_cents": granted, "votes": votes, "reasons": reasons},
        )
        advance = rules_money.advance(granted, int(loaded.fund.advance_percent))
        if advance:
            await order_payment(
                loaded, "advance", advance, str(current["payee"]), str(current["iban"]), actor(user)
            )
    news = _("The deciders decided on your application: {outcome}.\n\nReasons: {reasons}").format(
        outcome=outcome_word(outcome), reasons=reasons
    )
    await notify.send_all(await applicant_mail(loaded, news))
    return done(loaded.id)


async def order_payment(
    loaded: Loaded, kind: str, amount_cents: int, payee: str, iban: str, who: str
) -> None:
    """Order a payment (or a reclaim) inside the caller's transaction, with its audit event."""
    suffix = {"advance": "A", "final": "F", "reclaim": "R"}[kind]
    reference = f"{loaded.row.number}-{suffix}"
    await Payment.insert(
        Payment(
            initiative=loaded.id,
            reference=reference,
            kind=kind,
            amount_cents=amount_cents,
            payee=payee,
            iban=iban if kind != "reclaim" else "",
        )
    )
    await append_event(
        who,
        "initiatives.reclaim" if kind == "reclaim" else "initiatives.payment_order",
        f"initiative:{loaded.id}",
        {"reference": reference, "kind": kind, "amount_cents": amount_cents},
    )


async def extend(user: Principal, initiative_id: int) -> Answer[date]:
    """Staff extend a small request's decision deadline once, by the fund's weeks."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if not permissions.can_extend(user, loaded.subject, loaded.status):
        return not_allowed(user, _("Only staff extend a deadline, while in review."))
    rules = rules_of(loaded.fund)
    deadline = loaded.row.deadline
    if deadline is None or not deadlines.can_extend(
        rules, int(loaded.row.asked_cents), bool(loaded.row.extended)
    ):
        return invalid(
            {"deadline": _("Only a small request's deadline can be extended, and only once.")}
        )
    new = deadlines.extended(rules, deadline)
    async with transaction():
        await Initiative.update(
            {Initiative.deadline: new, Initiative.extended: True, Initiative.escalated: False}
        ).where(Initiative.id == loaded.id)
        await append_event(
            actor(user),
            "initiatives.extend",
            f"initiative:{loaded.id}",
            {"from": deadline.isoformat(), "to": new.isoformat()},
        )
    await notify.send_all(
        await applicant_mail(
            loaded,
            _("The decision on your application takes longer: it is now due by {day}.").format(
                day=new.isoformat()
            ),
        )
    )
    return done(new)
