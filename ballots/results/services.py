"""Certification: two different certifiers approve a draft (the second re-enters the password).

The second approval certifies in one transaction: the certificate, its audit event, the
round's phase and the projects in the area programme. Either certifier may reject with a
reason, which sends the draft back for a recount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app import __version__
from app import answer as answers
from app.accounts import queries as account_queries
from app.accounts.credentials import OK, THROTTLED, check_password_again, throttled_message
from app.accounts.permissions import Principal
from app.answer import CONFLICT, FORBIDDEN, FORM, MISSING, Answer, done, refused
from app.audit.services import append_event, current_head
from app.db import transaction
from app.events import react
from app.i18n import _
from app.jsontypes import JSONObject
from app.rounds import services as round_services
from app.rounds.queries import round_by_id
from ballots.box import queries as box_queries
from ballots.register import queries as register_queries
from ballots.results import permissions, queries, signing
from ballots.results.explain import as_int, as_list, as_object
from ballots.results.export import canonical_json, sha256_text
from ballots.results.facts import round_facts
from ballots.results.jobs import lock_round
from ballots.results.queries import Decision, ResultView
from ballots.results.tables import Certificate, CertificateSignature, CertifierDecision, Result

MAX_REASON = 1000
CERTIFICATE_FORMAT = "wijkstem-certificate/1"
ELIGIBLE_DEFINITION = (
    "voting codes not voided + residents registered at a desk + account holders who voted"
)


async def _precheck(user: Principal, round_id: int, result_id: int) -> Answer[Any] | ResultView:
    if not permissions.is_certifier(user) or user.id is None:
        return refused(FORBIDDEN, _("Only certifiers approve or reject a result."))
    row = await queries.result_of_round(result_id, round_id)
    if row is None:
        return refused(MISSING, _("This result does not exist."))
    if row.status != "draft":
        return refused(CONFLICT, _("This result is no longer a draft."))
    decided = {d.certifier for d in row.decisions}
    if user.id in decided:
        return refused(
            CONFLICT, _("You have already decided on this result; a second certifier must.")
        )
    return row


async def reject_result(user: Principal, round_id: int, result_id: int, reason: str) -> Answer[int]:
    """A certifier rejects a draft with a reason; it goes back (a recount may follow)."""
    checked = await _precheck(user, round_id, result_id)  # who may, before what they sent
    if isinstance(checked, Answer):
        return checked
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        return refused(FORM, _("Give the reason for rejecting (at most 1000 characters)."))
    async with transaction():
        fresh = await _still_open(user, round_id, result_id)
        if isinstance(fresh, Answer):
            return fresh
        await _decide(result_id, user, "reject", reason)
        await Result.update({Result.status: "rejected"}).where(Result.id == result_id)
        await append_event(
            f"user:{user.id}",
            "result.reject",
            f"round:{round_id}",
            {"result": result_id, "reason": reason},
        )
    return done(result_id)


async def _already(result_id: int, user: Principal) -> bool:
    return bool(
        await CertifierDecision.exists().where(CertifierDecision.pair == f"{result_id}:{user.id}")
    )


async def _decide(result_id: int, user: Principal, decision: str, reason: str = "") -> None:
    await CertifierDecision.insert(
        CertifierDecision(
            result=result_id,
            certifier=user.id,
            pair=f"{result_id}:{user.id}",
            decision=decision,
            reason=reason,
            decided_at=datetime.now(UTC),
        )
    )


@dataclass(frozen=True)
class Approval:
    """An approval: the result's id, and the certificate's id once it certified the result."""

    result_id: int
    certificate_id: int | None = None


async def approve_result(
    user: Principal, round_id: int, result_id: int, password: str = "", address: str = "unknown"
) -> Answer[Approval]:
    """Approve a draft; the second approval (with the password) certifies it."""
    checked = await _precheck(user, round_id, result_id)
    if isinstance(checked, Answer):
        return checked
    if checked.job and await _requested_by(checked.job) == user.id:
        return refused(CONFLICT, _("You started this count; another certifier must approve it."))
    approvals = checked.approvals
    verified = False
    if approvals or password:
        again = await check_password_again(int(user.id or 0), password, address) if password else ""
        if again == THROTTLED:
            return refused(answers.THROTTLED, throttled_message())
        if again != OK:
            return refused(FORBIDDEN, _("The password is not correct."))
        verified = True
    try:
        return await _approve(user, round_id, result_id, verified)
    except BallotsChangedError:
        return refused(
            CONFLICT, _("The ballots changed since the count; reject this draft and count again.")
        )


async def _still_open(user: Principal, round_id: int, result_id: int) -> ResultView | Answer[Any]:
    """Lock the round and return the draft; refuse when it is no longer one or the user decided."""
    await lock_round(round_id)
    fresh = await queries.result_of_round(result_id, round_id)
    if fresh is None or fresh.status != "draft":
        return refused(CONFLICT, _("This result is no longer a draft."))
    if await _already(result_id, user):
        return refused(CONFLICT, _("You have already decided on this result."))
    return fresh


async def _approve(
    user: Principal, round_id: int, result_id: int, verified: bool
) -> Answer[Approval]:
    async with transaction():
        fresh = await _still_open(user, round_id, result_id)
        if isinstance(fresh, Answer):
            return fresh
        others = fresh.approvals
        if others and not verified:
            return refused(
                CONFLICT, _("Another certifier approved meanwhile: enter your password.")
            )
        await _decide(result_id, user, "approve")
        await append_event(
            f"user:{user.id}", "result.approve", f"round:{round_id}", {"result": result_id}
        )
        if not others:
            return done(Approval(result_id))
        certificate_id = await _certify(fresh, await queries.decisions_of(result_id))
    return done(Approval(result_id, certificate_id))


async def _requested_by(job_id: int) -> int | None:
    from ballots.results.tables import CountJob

    row = await CountJob.select(CountJob.requested_by).where(CountJob.id == job_id).first()
    return None if row is None or row["requested_by"] is None else int(row["requested_by"])


async def _names(user_ids: list[int]) -> dict[int, str]:
    return await account_queries.names_by_id(user_ids)


def _stamp(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else ""


async def certificate_body(result: ResultView, decisions: list[Decision]) -> JSONObject:
    """The canonical certificate of a result, from the result, its round and its approvals."""
    view = await round_by_id(result.round_id)
    if view is None:  # the foreign key keeps a result's round
        raise LookupError(result.round_id)
    found = await round_facts(view.id)
    options = found.options if found else {}
    outcome = result.outcome
    counts = result.counts
    projects = [as_object(p) for p in as_list(outcome["projects"])]
    costs = {str(p["id"]): as_int(p["cost"]) for p in projects}
    selected = [str(key) for key in as_list(outcome["selected"])]
    funded: list[JSONObject] = [
        {
            "project_key": key,
            "proposal_id": options.get(key, {}).get("proposal_id"),
            "title": str(options.get(key, {}).get("title", "")),
            "amount_cents": costs[key],
        }
        for key in selected
    ]
    approvals = [d for d in decisions if d.decision == "approve"][:2]
    names = await _names([d.certifier for d in approvals])
    corrects = None
    if result.corrects is not None:
        old = await Certificate.select().where(Certificate.id == result.corrects).first()
        corrects = {
            "certificate_id": result.corrects,
            "sha256": str(old["sha256"]) if old else "",
            "reason": result.correction_reason,
        }
    total = sum(costs[key] for key in selected)
    return {
        "format": CERTIFICATE_FORMAT,
        "result_id": result.id,
        "round": {
            "id": view.id,
            "title": view.title,
            "area_code": view.area_code,
            "area_name": view.area_name,
        },
        "rule": outcome["rule"],
        "parameters": outcome["parameters"],
        "tie_break": view.rules.tie_break,
        "ballot_type": view.rules.ballot_type,
        "budget_cents": view.amount_cents,
        "money_unit": "EUR cent",
        "eligible_voters": counts["eligible"],
        "eligible_definition": ELIGIBLE_DEFINITION,
        "participations": counts["participations"],
        "ballots": counts["ballots"],
        "funded": funded,
        "funded_cents": total,
        "left_cents": view.amount_cents - total,
        "ballots_sha256": result.ballots_sha256,
        # The sealed-ballot hashes that went into the opened box (sorted, one a line).
        "sealed_ballots_sha256": (await box_queries.sealed_list(view.id))[1],
        "outcome_sha256": sha256_text(canonical_json(outcome)),
        "counted_at": _stamp(result.created_at),
        "software": {"name": "wijkstem", "version": __version__},
        "certifiers": [
            {
                "user_id": d.certifier,
                "name": names.get(d.certifier, ""),
                "approved_at": _stamp(d.decided_at),
            }
            for d in approvals
        ],
        "certified_at": _stamp(approvals[-1].decided_at) if approvals else "",
        "corrects": corrects,
    }


async def _certify(result: ResultView, decisions: list[Decision]) -> int:
    """Inside the caller's transaction: certificate, audit event, phase, programme projects."""
    round_id = result.round_id
    found = await round_facts(round_id)
    if found is None or sha256_text(found.export) != result.ballots_sha256:
        raise BallotsChangedError(round_id)
    body = await certificate_body(result, decisions)
    height, parent = await current_head()
    body["audit_head"] = {"height": height, "hash": parent}  # signed: inside the body
    body["eligibility"] = await register_queries.source_kind(round_id) or "unverified"
    body["signing_key_id"] = signing.key_id(signing.private_key().public_key())
    signature, public_key, key_id = signing.sign(canonical_json(body).encode("utf-8"))
    digest = sha256_text(canonical_json(body))
    head = await append_event(
        "system",
        "result.certify",
        f"round:{round_id}",
        {"certificate_sha256": digest, "round": round_id},
    )
    rows = await Certificate.insert(
        Certificate(
            result=result.id,
            round=round_id,
            body=canonical_json(body),
            sha256=digest,
            audit_head=head,
            corrects=result.corrects,
        )
    ).returning(Certificate.id)
    certificate_id = int(rows[0]["id"])
    await CertificateSignature.insert(
        CertificateSignature(
            certificate=certificate_id, signature=signature, public_key=public_key, key_id=key_id
        )
    )
    await Result.update({Result.status: "certified"}).where(Result.id == result.id)
    await round_services.certify_phase(round_id)  # the one way into `certified`
    # Delivery reacts (idempotent per round and project key: a correction adds only new ones).
    await react(
        "result.certified",
        {"round_id": round_id, "certificate_id": certificate_id, "funded": body["funded"]},
    )
    return certificate_id


class BallotsChangedError(RuntimeError):
    """The ballots differ from those counted (e.g. a paper batch confirmed later): recount."""
