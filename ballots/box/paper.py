"""Paper ballots: one staff member enters a batch in full, a second confirms it, then it counts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from nacl.secret import SecretBox

from app.accounts.permissions import Principal, is_staff
from app.answer import CONFLICT, FORBIDDEN, FORM, Answer, done, invalid, refused
from app.audit.services import append_event
from app.db import after_bulk_write, transaction
from app.i18n import LOCAL_TIME, _
from app.runtime import current_settings
from ballots.box import codes, eligibility, messages, rules, sealing, store
from ballots.box.queries import code_used, code_voter_key
from ballots.box.services import BallotPage, Voter, check_ballot, seal_ballot
from ballots.box.tables import PaperBatch, PaperEntry, PaperVoter, Participation, VotingCode
from ballots.counting.model import Ballot

MAX_BATCH = 100
PAPER = "paper"


@dataclass(frozen=True)
class PaperInput:
    """One paper ballot as typed: the code or desk reference on it, and its choices."""

    voter_text: str
    ballot: Ballot
    form_problems: tuple[rules.Problem, ...] = ()


@dataclass(frozen=True)
class _Resolved:
    voter: Voter
    hint: str


async def _taken(round_id: int, voter_key: str) -> str:
    """Why a voter key cannot be used for a new paper ballot ('' when it can)."""
    voted = await Participation.exists().where(
        (Participation.round == round_id) & (Participation.voter_key == voter_key)
    )
    if voted:
        return _("this voter has already voted")
    pending = await PaperVoter.exists().where(
        (PaperVoter.voter_key == voter_key)
        & (PaperVoter.batch.round == round_id)
        & (PaperVoter.batch.status == "pending")
    )
    return _("this voter is already in a batch awaiting confirmation") if pending else ""


async def _resolve(round_id: int, text: str) -> tuple[_Resolved | None, str]:
    """The voter a code or desk reference on a paper ballot stands for, or the problem."""
    if text.upper().startswith("D"):
        voter = await eligibility.desk_voter(round_id, text)
        if voter is not None:
            return _Resolved(voter, eligibility.normalise_reference(text)[-4:]), ""
    normalised = codes.normalise(text)
    if normalised is None:
        return None, _("unknown voting code or desk reference")
    secret = current_settings().secret_key
    hashed = codes.code_hash(secret, normalised)
    row = await (
        VotingCode.select(VotingCode.id, VotingCode.status, VotingCode.buurt_code)
        .where((VotingCode.code_hash == hashed) & (VotingCode.round == round_id))
        .first()
    )
    if row is None:
        return None, _("unknown voting code or desk reference")
    if row["status"] == "voided":
        return None, _("this voting code was voided")
    if await code_used(round_id, hashed):
        return None, _("this voting code has already been used to vote")
    if row["status"] != "issued":
        return None, _("this voting code awaits a second staff member's confirmation")
    key = await code_voter_key(hashed)
    return _Resolved(Voter(round_id, key, hashed, str(row["buurt_code"])), normalised[-4:]), ""


async def _check_inputs(
    page: BallotPage, inputs: Sequence[PaperInput]
) -> tuple[dict[str, str], list[_Resolved]]:
    """Every problem of the batch, keyed by the ballot's row and a count (`b0-1`, `b0-2`)."""
    problems: dict[str, str] = {}
    resolved: list[_Resolved] = []
    seen: set[str] = set()
    for at, item in enumerate(inputs, start=1):
        found, problem = await _resolve(page.round.id, item.voter_text)
        if found is not None:
            problem = await _taken(page.round.id, found.voter.voter_key)
            if found.voter.voter_key in seen:
                problem = _("this voter appears twice in the batch")
            seen.add(found.voter.voter_key)
            resolved.append(found)
        ballot_problems = list(item.form_problems) or check_ballot(page, item.ballot)
        texts = ([problem] if problem else []) + [messages.problem(p) for p in ballot_problems]
        for count, text in enumerate(texts, start=1):
            problems[f"b{at - 1}-{count}"] = _("Ballot {n}: {problem}").format(n=at, problem=text)
    return problems, resolved


async def enter_batch(
    page: BallotPage, staff: Principal, label: str, inputs: Sequence[PaperInput]
) -> Answer[int]:
    """Validate a whole batch and store it as pending (answers its id); any problem refuses
    all of it."""
    if not is_staff(staff) or staff.id is None:
        return refused(FORBIDDEN, _("Only staff can enter paper ballots."))
    if not page.open_at(datetime.now(UTC)):
        return refused(FORM, _("Voting is not open now, so no ballot was stored."))
    if not inputs:
        return refused(FORM, _("Enter at least one paper ballot."))
    if len(inputs) > MAX_BATCH:
        return refused(FORM, _("A batch holds at most {n} ballots.").format(n=MAX_BATCH))
    problems, resolved = await _check_inputs(page, inputs)
    if problems:
        return invalid(problems)
    async with transaction():
        rows = await PaperBatch.insert(
            PaperBatch(
                round=page.round.id,
                label=label.strip()[:80],
                status="pending",
                ballots=len(inputs),
                entered_by=staff.id,
            )
        ).returning(PaperBatch.id)
        batch_id = int(rows[0]["id"])
        await PaperEntry.insert(
            *[
                PaperEntry(
                    batch=batch_id,
                    position=at,
                    hint=found.hint,
                    choices=_hide(batch_id, rules.canonical_choices(item.ballot)),
                )
                for at, (item, found) in enumerate(zip(inputs, resolved, strict=True), start=1)
            ]
        )
        voters = [found.voter for found in resolved]
        secrets.SystemRandom().shuffle(voters)  # no order ties a voter to a position
        await PaperVoter.insert(
            *[
                PaperVoter(
                    batch=batch_id,
                    voter_key=voter.voter_key,
                    code_hash=voter.code_hash or "",
                    buurt_code=voter.buurt_code,
                )
                for voter in voters
            ]
        )
        await append_event(
            f"user:{staff.id}",
            "paper_batch.entered",
            f"round:{page.round.id}",
            {"batch": batch_id, "ballots": len(inputs)},
        )
    return done(batch_id)


def _box(batch_id: int) -> SecretBox:
    """The key that hides a pending batch's choices (derived from the server's secret key)."""
    key = hmac.new(
        current_settings().secret_key.encode(), f"paper-batch:{batch_id}".encode(), hashlib.sha256
    ).digest()
    return SecretBox(key)


def _hide(batch_id: int, choices: str) -> str:
    return _box(batch_id).encrypt(choices.encode()).hex()


def _shown(batch_id: int, hidden: str) -> str:
    return _box(batch_id).decrypt(bytes.fromhex(hidden)).decode()


def _refusals() -> dict[str, str]:
    """What each refusal of the ballot store means for a paper batch (all: the state changed)."""
    return {
        store.CLOSED: _("Voting is not open now, so no ballot was stored."),
        store.ALREADY_VOTED: _("A voter of this batch has voted in the meantime."),
        store.CODE_REFUSED: _("A voting code of this batch is no longer valid."),
        store.BATCH_MISSING: _("This batch does not exist."),
        store.BATCH_DONE: _("This batch has already been confirmed."),
        store.SAME_STAFF: _("A second staff member must confirm this batch, not you."),
        store.BATCH_CHANGED: _("This batch is incomplete; discard it and enter it again."),
    }


async def _job(page: BallotPage, staff_id: int, batch_id: int, now: datetime) -> store.BatchJob:
    """The batch as the ballot store takes it: its voters, and its entries sealed in memory."""
    entries = await PaperEntry.select(PaperEntry.choices).where(PaperEntry.batch == batch_id)
    voters = await PaperVoter.select(
        PaperVoter.voter_key, PaperVoter.code_hash, PaperVoter.buurt_code
    ).where(PaperVoter.batch == batch_id)
    voted_on = now.astimezone(LOCAL_TIME).date()
    ballots = []
    for entry in entries:
        sealed = seal_ballot(
            page, _shown(batch_id, str(entry["choices"])), codes.new_receipt(), PAPER
        )
        ballots.append(
            store.NewBallot(
                ballot_id=codes.new_ballot_id(),
                sealed=sealed,
                sealed_hash=sealing.sealed_hash(sealed),
                token_hash="",
                channel=PAPER,
            )
        )
    return store.BatchJob(
        round_id=page.round.id,
        batch_id=batch_id,
        staff_id=staff_id,
        voters=tuple(
            store.BatchVoter(
                str(v["voter_key"]), str(v["code_hash"]), str(v["buurt_code"]), voted_on
            )
            for v in voters
        ),
        ballots=tuple(ballots),
        now=now,
    )


async def confirm_batch(page: BallotPage, staff: Principal, batch_id: int) -> Answer[int]:
    """A second staff member confirms a batch: its ballots are cast in one transaction of the
    ballot store, with the voters' participations, the batch's state and its audit event.

    Answers how many ballots were cast; any refusal stores nothing.
    """
    if not is_staff(staff) or staff.id is None:
        return refused(FORBIDDEN, _("Only staff can confirm paper ballots."))
    now = datetime.now(UTC)
    if not page.open_at(now) or page.public_key is None:
        return refused(CONFLICT, _refusals()[store.CLOSED])
    job = await _job(page, staff.id, batch_id, now)
    if len(job.voters) != len(job.ballots) or not job.ballots:  # none left: confirmed, or gone
        found = await PaperBatch.select(PaperBatch.status).where(PaperBatch.id == batch_id)
        outcome = store.BATCH_MISSING if not found else store.BATCH_CHANGED
        if found and found[0]["status"] != "pending":
            outcome = store.BATCH_DONE
        return refused(CONFLICT, _refusals()[outcome])
    stored = await (await store.backend()).submit_batch(job)
    if stored.outcome != store.CAST:
        return refused(CONFLICT, _refusals()[stored.outcome])
    await after_bulk_write()  # no copy of the deleted entries stays in the WAL
    return done(len(job.ballots))


async def _pending(round_id: int, batch_id: int) -> str:
    """Why a batch cannot be discarded ('' when it is pending in this round)."""
    batch = await (
        PaperBatch.select(PaperBatch.status)
        .where((PaperBatch.id == batch_id) & (PaperBatch.round == round_id))
        .first()
    )
    if batch is None:
        return _("This batch does not exist.")
    if batch["status"] != "pending":
        return _("This batch has already been confirmed.")
    return ""


async def discard_batch(page: BallotPage, staff: Principal, batch_id: int) -> Answer[None]:
    """Throw away a pending batch (a typing mistake); audited. Nothing of it was counted."""
    if not is_staff(staff) or staff.id is None:
        return refused(FORBIDDEN, _("Only staff can enter paper ballots."))
    async with transaction():
        problem = await _pending(page.round.id, batch_id)
        if problem:
            return refused(CONFLICT, problem)
        # The batch row first, as a confirmation locks it first: a race waits, never deadlocks.
        gone = await (
            PaperBatch.delete()
            .where((PaperBatch.id == batch_id) & (PaperBatch.status == "pending"))
            .returning(PaperBatch.id)
        )
        if not gone:
            return refused(CONFLICT, _("This batch has already been confirmed."))
        await PaperEntry.delete().where(PaperEntry.batch == batch_id)
        await PaperVoter.delete().where(PaperVoter.batch == batch_id)
        await append_event(
            f"user:{staff.id}",
            "paper_batch.discarded",
            f"round:{page.round.id}",
            {"batch": batch_id},
        )
    return done()


async def batches(round_id: int) -> list[dict[str, object]]:
    """A round's paper batches, newest first (no choices, no voters)."""
    rows: list[dict[str, object]] = await (
        PaperBatch.select()
        .where(PaperBatch.round == round_id)
        .order_by(PaperBatch.id, ascending=False)
    )
    return rows


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """One ballot of a batch as entered: its place, the hint typed with it and the ballot."""

    position: int
    hint: str
    ballot: Ballot


@dataclass(frozen=True, slots=True)
class BatchView:
    """A paper batch with its pending entries (none once it is confirmed)."""

    id: int
    round: int
    label: str
    status: str
    ballots: int
    entered_by: int
    entries: list[PendingEntry]


async def batch(batch_id: int) -> BatchView | None:
    """One batch with its pending entries (position, hint, ballot) for the second person."""
    row = await PaperBatch.select().where(PaperBatch.id == batch_id).first()
    if row is None:
        return None
    entries = await (
        PaperEntry.select(PaperEntry.position, PaperEntry.hint, PaperEntry.choices)
        .where(PaperEntry.batch == batch_id)
        .order_by(PaperEntry.position)
    )
    return BatchView(
        id=int(row["id"]),
        round=int(row["round"]),
        label=str(row["label"]),
        status=str(row["status"]),
        ballots=int(row["ballots"]),
        entered_by=int(row["entered_by"]),
        entries=[
            PendingEntry(
                int(e["position"]),
                str(e["hint"]),
                rules.ballot_from_json(_shown(batch_id, str(e["choices"]))),
            )
            for e in entries
        ],
    )
