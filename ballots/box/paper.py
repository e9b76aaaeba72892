"""Paper ballots: one staff member enters a batch in full, a second confirms it, then it counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.accounts.permissions import Principal, is_staff
from app.audit.services import append_event
from app.db import transaction
from app.i18n import LOCAL_TIME, _
from app.settings import get_settings
from ballots.box import codes, eligibility, messages, rules
from ballots.box.services import BallotPage, Voter, check_ballot, code_voter_key
from ballots.box.tables import Ballot as BallotRow
from ballots.box.tables import PaperBatch, PaperEntry, Participation, VotingCode
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
    pending = await PaperEntry.exists().where(
        (PaperEntry.voter_key == voter_key)
        & (PaperEntry.batch.round == round_id)
        & (PaperEntry.batch.status == "pending")
    )
    return _("this voter is already in a batch awaiting confirmation") if pending else ""


async def _resolve(round_id: int, text: str) -> tuple[_Resolved | None, str]:
    """The voter a code or desk reference on a paper ballot stands for, or the problem."""
    if text.upper().startswith("D"):
        voter = await eligibility.desk_voter(round_id, text)
        if voter is not None:
            return _Resolved(voter, eligibility.normalise_reference(text)), ""
    normalised = codes.normalise(text)
    if normalised is None:
        return None, _("unknown voting code or desk reference")
    secret = get_settings().secret_key
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
    if row["status"] == "used":
        return None, _("this voting code has already been used to vote")
    if row["status"] != "issued":
        return None, _("this voting code awaits a second staff member's confirmation")
    key = await code_voter_key(int(row["id"]), hashed)
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
                    voter_key=found.voter.voter_key,
                    code_hash=found.voter.code_hash or "",
                    hint=found.hint,
                    buurt_code=found.voter.buurt_code,
                    choices=rules.canonical_choices(item.ballot),
                )
                for at, (item, found) in enumerate(zip(inputs, resolved, strict=True), start=1)
            ]
        )
        await append_event(
            f"user:{staff.id}",
            "paper_batch.entered",
            f"round:{page.round.id}",
            {"batch": batch_id, "ballots": len(inputs)},
        )
    return BatchResult(batch_id=batch_id)


async def _cast_entry(round_id: int, entry: dict[str, Any], now: datetime) -> None:
    at = int(entry["position"])
    try:
        await Participation.insert(
            Participation(
                round=round_id,
                voter_key=entry["voter_key"],
                channel=PAPER,
                buurt_code=entry["buurt_code"],
                voted_on=now.astimezone(LOCAL_TIME).date(),
            )
        )
    except Exception as exc:  # the unique index: this voter voted in the meantime
        raise _Refused(_("Ballot {n}: this voter has already voted").format(n=at)) from exc
    if entry["code_hash"]:
        used = await (
            VotingCode.update({VotingCode.status: "used"})
            .where(
                (VotingCode.code_hash == entry["code_hash"])
                & (VotingCode.round == round_id)
                & (VotingCode.status == "issued")
            )
            .returning(VotingCode.id)
        )
        if len(used) != 1:
            raise _Refused(_("Ballot {n}: this voting code is no longer valid").format(n=at))
    await BallotRow.insert(
        BallotRow(
            id=codes.new_ballot_id(),
            round=round_id,
            choices=entry["choices"],
            receipt=codes.new_receipt(),
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
    if not page.open_at(now):
        return [_("Voting is not open now, so no ballot was stored.")]
    try:
        async with transaction():
            batch = await _pending(page.round.id, batch_id)
            if int(batch["entered_by"]) == staff.id:
                raise _Refused(_("A second staff member must confirm this batch, not you."))
            entries = await (
                PaperEntry.select()
                .where(PaperEntry.batch == batch_id)
                .order_by(PaperEntry.position)
            )
            for entry in entries:
                await _cast_entry(page.round.id, entry, now)
            await PaperEntry.delete().where(PaperEntry.batch == batch_id)
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
    return []


async def _pending(round_id: int, batch_id: int) -> dict[str, Any]:
    batch = await (
        PaperBatch.select()
        .where((PaperBatch.id == batch_id) & (PaperBatch.round == round_id))
        .first()
    )
    if batch is None:
        raise _Refused(_("This batch does not exist."))
    if batch["status"] != "pending":
        raise _Refused(_("This batch has already been confirmed."))
    return dict(batch)


async def discard_batch(page: BallotPage, staff: Principal, batch_id: int) -> list[str]:
    """Throw away a pending batch (a typing mistake); audited. Nothing of it was counted."""
    if not is_staff(staff) or staff.id is None:
        return [_("Only staff can enter paper ballots.")]
    try:
        async with transaction():
            await _pending(page.round.id, batch_id)
            await PaperEntry.delete().where(PaperEntry.batch == batch_id)
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


async def batches(round_id: int) -> list[dict[str, Any]]:
    """A round's paper batches, newest first (no choices, no voters)."""
    rows: list[dict[str, Any]] = await (
        PaperBatch.select()
        .where(PaperBatch.round == round_id)
        .order_by(PaperBatch.id, ascending=False)
    )
    return rows


async def batch(batch_id: int) -> dict[str, Any] | None:
    """One batch with its pending entries (position, hint, ballot) for the second person."""
    row = await PaperBatch.select().where(PaperBatch.id == batch_id).first()
    if row is None:
        return None
    entries = await (
        PaperEntry.select(PaperEntry.position, PaperEntry.hint, PaperEntry.choices)
        .where(PaperEntry.batch == batch_id)
        .order_by(PaperEntry.position)
    )
    return {
        **row,
        "entries": [{**e, "ballot": rules.ballot_from_json(str(e["choices"]))} for e in entries],
    }
