"""Paper ballots: one staff member enters a batch in full, a second confirms it, then it counts."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nacl.secret import SecretBox

from app.accounts.permissions import Principal, is_staff
from app.audit.services import append_event
from app.db import after_bulk_write, is_duplicate, transaction
from app.i18n import LOCAL_TIME, _
from app.runtime import current_settings
from ballots.box import codes, eligibility, messages, rules, sealing
from ballots.box.queries import code_used, code_voter_key
from ballots.box.services import BallotPage, Voter, check_ballot, seal_ballot
from ballots.box.tables import (
    PaperBatch,
    PaperEntry,
    PaperVoter,
    Participation,
    SealedBallot,
    VotingCode,
)
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
class BatchResult:
    """The stored batch, or every problem (nothing is stored then)."""

    problems: list[str] = field(default_factory=list)
    batch_id: int = 0


@dataclass(frozen=True)
class _Resolved:
    voter: Voter
    hint: str


class _Refused(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


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
) -> tuple[list[str], list[_Resolved]]:
    problems: list[str] = []
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
        for text in ([problem] if problem else []) + [messages.problem(p) for p in ballot_problems]:
            problems.append(_("Ballot {n}: {problem}").format(n=at, problem=text))
    return problems, resolved


async def enter_batch(
    page: BallotPage, staff: Principal, label: str, inputs: Sequence[PaperInput]
) -> BatchResult:
    """Validate a whole batch and store it as pending; any problem refuses all of it."""
    if not is_staff(staff) or staff.id is None:
        return BatchResult([_("Only staff can enter paper ballots.")])
    if not page.open_at(datetime.now(UTC)):
        return BatchResult([_("Voting is not open now, so no ballot was stored.")])
    if not inputs:
        return BatchResult([_("Enter at least one paper ballot.")])
    if len(inputs) > MAX_BATCH:
        return BatchResult([_("A batch holds at most {n} ballots.").format(n=MAX_BATCH)])
    problems, resolved = await _check_inputs(page, inputs)
    if problems:
        return BatchResult(problems)
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
    return BatchResult(batch_id=batch_id)


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


async def _cast_voter(round_id: int, voter: Mapping[str, object], now: datetime) -> None:
    try:
        await Participation.insert(
            Participation(
                round=round_id,
                voter_key=voter["voter_key"],
                channel=PAPER,
                buurt_code=voter["buurt_code"],
                voted_on=now.astimezone(LOCAL_TIME).date(),
            )
        )
    except Exception as exc:
        if not is_duplicate(exc):  # another failure is not "already voted": let it surface
            raise
        raise _Refused(_("A voter of this batch has voted in the meantime.")) from exc
    if voter["code_hash"]:  # read only: the letter's row is never written by a cast
        issued = await VotingCode.exists().where(
            (VotingCode.code_hash == voter["code_hash"])
            & (VotingCode.round == round_id)
            & (VotingCode.status == "issued")
        )
        if not issued:
            raise _Refused(_("A voting code of this batch is no longer valid."))


async def _cast_entry(page: BallotPage, batch_id: int, entry: Mapping[str, object]) -> None:
    choices = _shown(batch_id, str(entry["choices"]))
    sealed = seal_ballot(page, choices, codes.new_receipt(), PAPER)
    await SealedBallot.insert(
        SealedBallot(
            id=codes.new_ballot_id(),
            round=page.round.id,
            sealed=sealed,
            sealed_hash=sealing.sealed_hash(sealed),
            channel=PAPER,
            status="active",
            token_hash="",
        )
    )


async def confirm_batch(page: BallotPage, staff: Principal, batch_id: int) -> list[str]:
    """A second staff member confirms a batch: its ballots are cast in one transaction."""
    if not is_staff(staff) or staff.id is None:
        return [_("Only staff can confirm paper ballots.")]
    now = datetime.now(UTC)
    if not page.open_at(now) or page.public_key is None:
        return [_("Voting is not open now, so no ballot was stored.")]
    try:
        async with transaction():
            entered_by = await _pending(page.round.id, batch_id)
            if entered_by == staff.id:
                raise _Refused(_("A second staff member must confirm this batch, not you."))
            entries = await PaperEntry.select().where(PaperEntry.batch == batch_id)
            voters = await PaperVoter.select().where(PaperVoter.batch == batch_id)
            if len(voters) != len(entries):
                raise _Refused(_("This batch is incomplete; discard it and enter it again."))
            for voter in voters:
                await _cast_voter(page.round.id, voter, now)
            for entry in entries:
                await _cast_entry(page, batch_id, entry)
            await PaperEntry.delete().where(PaperEntry.batch == batch_id)
            await PaperVoter.delete().where(PaperVoter.batch == batch_id)
            await PaperBatch.update(
                {
                    PaperBatch.status: "confirmed",
                    PaperBatch.confirmed_by: staff.id,
                    PaperBatch.confirmed_at: now,
                }
            ).where(PaperBatch.id == batch_id)
            await append_event(
                f"user:{staff.id}",
                "paper_batch.confirmed",
                f"round:{page.round.id}",
                {"batch": batch_id, "ballots": len(entries)},
            )
    except _Refused as refused:
        return [refused.problem]
    await after_bulk_write()  # no copy of the deleted entries stays in the WAL
    return []


async def _pending(round_id: int, batch_id: int) -> int:
    """The pending batch's author (the staff member who entered it); refused otherwise."""
    batch = await (
        PaperBatch.select(PaperBatch.status, PaperBatch.entered_by)
        .where((PaperBatch.id == batch_id) & (PaperBatch.round == round_id))
        .first()
    )
    if batch is None:
        raise _Refused(_("This batch does not exist."))
    if batch["status"] != "pending":
        raise _Refused(_("This batch has already been confirmed."))
    return int(batch["entered_by"])


async def discard_batch(page: BallotPage, staff: Principal, batch_id: int) -> list[str]:
    """Throw away a pending batch (a typing mistake); audited. Nothing of it was counted."""
    if not is_staff(staff) or staff.id is None:
        return [_("Only staff can enter paper ballots.")]
    try:
        async with transaction():
            await _pending(page.round.id, batch_id)
            await PaperEntry.delete().where(PaperEntry.batch == batch_id)
            await PaperVoter.delete().where(PaperVoter.batch == batch_id)
            await PaperBatch.delete().where(PaperBatch.id == batch_id)
            await append_event(
                f"user:{staff.id}",
                "paper_batch.discarded",
                f"round:{page.round.id}",
                {"batch": batch_id},
            )
    except _Refused as refused:
        return [refused.problem]
    return []


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
