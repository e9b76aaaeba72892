"""Use cases for voting codes: generate (by count or for addresses), void and reissue, audited.

No single staff member can make a code that votes: codes without an address and reissued codes
start `pending` and vote only once a second staff member confirms them (`confirm_codes`), the
same two-person pattern as paper batches. The operator (CLI, `requested_by=None`) is trusted.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from app.answer import CONFLICT, FORBIDDEN, FORM, MISSING, Answer, done, invalid, refused
from app.areas import queries as areas
from app.areas.postcodes import normalise_postcode
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.rounds.queries import round_by_id
from app.runtime import current_settings
from ballots.box import codes
from ballots.box.queries import code_used
from ballots.box.tables import CodeApproval, CodePerson, VotingCode

MAX_CODES = 200_000
PENDING = "pending"
ENDED = ("counting", "certified", "implementing", "closed")
FORBIDDEN_COLUMNS = frozenset({"bsn", "burgerservicenummer", "sofinummer"})


@dataclass(frozen=True)
class Address:
    """Where a letter goes: postcode, house number, optional addressee."""

    postcode: str
    house_number: str
    name: str = ""


@dataclass(frozen=True)
class IssuedCode:
    """A freshly generated code with its address: the only time the plain code exists."""

    code_id: int
    code: str
    round_id: int
    postcode: str = ""
    house_number: str = ""
    name: str = ""


def _no_code() -> str:
    return _("This voting code does not exist in this round.")


def _used() -> str:
    return _("This voting code has already been used to vote.")


def _not_issued() -> str:
    return _("This voting code was voided already or is not confirmed yet.")


async def _buurt_for(postcode: str, fallback: str) -> str:
    area = await areas.area_for_postcode(postcode) if postcode else None
    return str(area.code) if area else fallback


async def generate_codes(
    round_id: int,
    *,
    count: int = 0,
    addresses: Sequence[Address] = (),
    actor: str = "cli",
    requested_by: int | None = None,
) -> Answer[list[IssuedCode]]:
    """Issue `count` anonymous codes plus one per address; store only their keyed hashes.

    When a staff member asks (`requested_by`), the codes without an address stay pending until
    a second staff member confirms them. Refusals: `_missing` round, `_form` (voting ended),
    `count`, `addresses`.
    """
    view = await round_by_id(round_id)
    if view is None:
        return refused(MISSING, _("This round does not exist."))
    if view.phase in ENDED:
        return refused(FORM, _("Voting in this round has ended."))
    if count < 0 or count + len(addresses) > MAX_CODES:
        return invalid({"count": _("Ask for between 1 and {max} codes.").format(max=MAX_CODES)})
    secret = current_settings().secret_key
    wanted: list[tuple[Address, str]] = [(Address("", ""), view.area_code)] * count
    for address in addresses:
        postcode = normalise_postcode(address.postcode) or ""
        if not postcode or not address.house_number.strip():
            return invalid(
                {
                    "addresses": _("Not a Dutch address: {postcode} {number}.").format(
                        postcode=address.postcode, number=address.house_number
                    )
                }
            )
        cleaned = Address(postcode, address.house_number.strip()[:12], address.name.strip()[:120])
        wanted.append((cleaned, await _buurt_for(postcode, view.area_code)))
    plain = [codes.generate() for _ in wanted]
    held = requested_by is not None
    async with transaction():
        rows = [
            VotingCode(
                round=round_id,
                code_hash=codes.code_hash(secret, codes.normalise(code) or ""),
                postcode=address.postcode,
                house_number=address.house_number,
                name=address.name,
                buurt_code=buurt,
                status=PENDING if held and not address.postcode else "issued",
            )
            for code, (address, buurt) in zip(plain, wanted, strict=True)
        ]
        ids: list[int] = []
        for start in range(0, len(rows), 500):
            inserted = await VotingCode.insert(*rows[start : start + 500]).returning(VotingCode.id)
            ids.extend(int(r["id"]) for r in inserted)
        payload: dict[str, object] = {"count": len(rows)}
        if held and count:
            assert requested_by is not None  # noqa: S101  (held)
            payload["pending"] = count
            payload["batch"] = await _hold(ids[:count], "anonymous", requested_by)
        await append_event(actor, "voting_codes.generated", f"round:{round_id}", payload)
    return done(
        [
            IssuedCode(code_id, code, round_id, a.postcode, a.house_number, a.name)
            for code_id, code, (a, _buurt) in zip(ids, plain, wanted, strict=True)
        ]
    )


async def void_code(
    code_id: int, *, actor: str, reason: str = "", round_id: int | None = None
) -> Answer[None]:
    """Void an issued code (a lost letter, a wrong address); refused (`_conflict`) once it has
    voted, was voided or is still pending, and for a code of another round."""
    async with transaction():
        row = (
            await VotingCode.select(VotingCode.status, VotingCode.round, VotingCode.code_hash)
            .where(VotingCode.id == code_id)
            .first()
        )
        if row is None or (round_id is not None and int(row["round"]) != round_id):
            return refused(CONFLICT, _no_code())
        if row["status"] == "issued" and await code_used(int(row["round"]), row["code_hash"]):
            return refused(CONFLICT, _used())
        if row["status"] != "issued":
            return refused(CONFLICT, _not_issued())
        await VotingCode.update({VotingCode.status: "voided"}).where(
            (VotingCode.id == code_id) & (VotingCode.status == "issued")
        )
        await append_event(
            actor,
            "voting_codes.voided",
            f"voting-code:{code_id}",
            {"round": int(row["round"]), "reason": reason[:200]},
        )
    return done()


async def reissue_code(
    code_id: int,
    *,
    actor: str,
    reason: str = "",
    round_id: int | None = None,
    requested_by: int | None = None,
) -> Answer[IssuedCode]:
    """Void an issued, unused code and issue a new one for the same address, in one transaction.

    The round (when given) is checked before anything is written. A staff member's reissue is
    pending until a second staff member confirms it. Every refusal is `_conflict`.
    """
    secret = current_settings().secret_key
    code = codes.generate()
    async with transaction():
        row = await VotingCode.select().where(VotingCode.id == code_id).first()
        if row is None or (round_id is not None and int(row["round"]) != round_id):
            return refused(CONFLICT, _no_code())
        if row["status"] != "issued":
            return refused(CONFLICT, _not_issued())
        if await code_used(int(row["round"]), row["code_hash"]):
            return refused(CONFLICT, _used())
        view = await round_by_id(int(row["round"]))
        if view is None or view.phase in ENDED:
            return refused(CONFLICT, _("Voting in this round has ended."))
        voided = (
            await VotingCode.update({VotingCode.status: "voided"})
            .where((VotingCode.id == code_id) & (VotingCode.status == "issued"))
            .returning(VotingCode.id)
        )
        if not voided:
            return refused(
                CONFLICT, _("This voting code changed in the meantime. Reload the page.")
            )
        inserted = await VotingCode.insert(
            VotingCode(
                round=row["round"],
                code_hash=codes.code_hash(secret, codes.normalise(code) or ""),
                postcode=row["postcode"],
                house_number=row["house_number"],
                name=row["name"],
                buurt_code=row["buurt_code"],
                status="issued" if requested_by is None else PENDING,
            )
        ).returning(VotingCode.id)
        new_id = int(inserted[0]["id"])
        payload: dict[str, object] = {
            "round": int(row["round"]),
            "replacement": new_id,
            "reason": reason[:200],
        }
        if requested_by is not None:
            payload["batch"] = await _hold([new_id], "reissue", requested_by, replaces=code_id)
        await append_event(actor, "voting_codes.reissued", f"voting-code:{code_id}", payload)
    return done(
        IssuedCode(
            new_id, code, int(row["round"]), row["postcode"], row["house_number"], row["name"]
        )
    )


async def _hold(
    ids: Sequence[int], kind: str, requested_by: int, replaces: int | None = None
) -> str:
    """Inside the caller's transaction: mark codes as awaiting a second staff member."""
    batch = secrets.token_hex(8)
    rows = [
        CodeApproval(
            code=code_id, batch=batch, kind=kind, replaces=replaces, requested_by=requested_by
        )
        for code_id in ids
    ]
    for start in range(0, len(rows), 500):
        await CodeApproval.insert(*rows[start : start + 500])
    return batch


async def pending_batches(round_id: int) -> list[dict[str, object]]:
    """Requests for codes awaiting a second staff member: batch, kind, count, who, when."""
    rows = await (
        CodeApproval.select(
            CodeApproval.batch,
            CodeApproval.kind,
            CodeApproval.requested_by,
            CodeApproval.requested_at,
        )
        .where((CodeApproval.code.round == round_id) & (CodeApproval.confirmed_by.is_null()))
        .order_by(CodeApproval.id)
    )
    found: dict[str, dict[str, object]] = {}
    for row in rows:
        item = found.setdefault(str(row["batch"]), {**row, "count": 0})
        item["count"] = int(str(item["count"])) + 1
    return list(found.values())


async def confirm_codes(round_id: int, batch: str, *, staff_id: int, actor: str) -> Answer[int]:
    """A second staff member confirms a request: its pending codes become issued (audited).

    Answers how many codes were confirmed; every refusal is `_forbidden`.
    """
    async with transaction():
        rows = await CodeApproval.select(
            CodeApproval.id, CodeApproval.code, CodeApproval.requested_by
        ).where(
            (CodeApproval.batch == batch)
            & (CodeApproval.code.round == round_id)
            & (CodeApproval.confirmed_by.is_null())
        )
        if not rows:
            return refused(
                FORBIDDEN, _("There is no request awaiting confirmation with this number.")
            )
        if any(int(row["requested_by"]) == staff_id for row in rows):
            return refused(
                FORBIDDEN,
                _(
                    "A second staff member must confirm these codes, "
                    "not the one who asked for them."
                ),
            )
        code_ids = [int(row["code"]) for row in rows]
        now = datetime.now(UTC)
        await CodeApproval.update(
            {CodeApproval.confirmed_by: staff_id, CodeApproval.confirmed_at: now}
        ).where(CodeApproval.id.is_in([int(row["id"]) for row in rows]))
        await VotingCode.update({VotingCode.status: "issued"}).where(
            VotingCode.id.is_in(code_ids) & (VotingCode.status == PENDING)
        )
        await append_event(
            actor,
            "voting_codes.confirmed",
            f"round:{round_id}",
            {"batch": batch, "count": len(code_ids)},
        )
    return done(len(code_ids))


async def generate_from_register(round_id: int, *, actor: str) -> Answer[list[IssuedCode]]:
    """One letter per person in the round's register who has none yet; not for secret entries.

    Each code is tied to its person key, so a vote with it is that person's only vote.
    Refusals: `_missing` round; `_conflict` (voting ended, no register, every letter sent).
    """
    from ballots.register import queries as register

    view = await round_by_id(round_id)
    if view is None:
        return refused(MISSING, _("This round does not exist."))
    if view.phase in ENDED:
        return refused(CONFLICT, _("Voting in this round has ended."))
    if await register.source_kind(round_id) != register.REGISTER:
        return refused(CONFLICT, _("This round has no voter register."))
    secret = current_settings().secret_key
    async with transaction():
        lettered = {
            str(row["person_key"])
            for row in await CodePerson.select(CodePerson.person_key).where(
                (CodePerson.code.round == round_id) & (CodePerson.code.status != "voided")
            )
        }
        wanted = [e for e in await register.entries(round_id) if e.person_key not in lettered]
        if not wanted:
            return refused(CONFLICT, _("Every person in the register has a letter already."))
        plain = [codes.generate() for _ in wanted]
        issued: list[IssuedCode] = []
        for code, entry in zip(plain, wanted, strict=True):
            number = f"{entry.house_number}{entry.house_letter}"[:12]
            inserted = await VotingCode.insert(
                VotingCode(
                    round=round_id,
                    code_hash=codes.code_hash(secret, codes.normalise(code) or ""),
                    postcode=entry.postcode,
                    house_number=number,
                    name=entry.name[:120],
                    buurt_code=entry.buurt_code,
                    status="issued",
                )
            ).returning(VotingCode.id)
            code_id = int(inserted[0]["id"])
            await CodePerson.insert(CodePerson(code=code_id, person_key=entry.person_key))
            issued.append(
                IssuedCode(code_id, code, round_id, entry.postcode, number, entry.name[:120])
            )
        await append_event(
            actor,
            "voting_codes.generated",
            f"round:{round_id}",
            {"count": len(issued), "from_register": True},
        )
    return done(issued)


async def forget_addresses(round_id: int, *, actor: str) -> int:
    """Delete the letters' addresses once printed (audited); codes keep working, by hash."""
    async with transaction():
        rows = (
            await VotingCode.update(
                {VotingCode.postcode: "", VotingCode.house_number: "", VotingCode.name: ""}
            )
            .where((VotingCode.round == round_id) & (VotingCode.postcode != ""))
            .returning(VotingCode.id)
        )
        await append_event(
            actor, "voting_codes.addresses_deleted", f"round:{round_id}", {"count": len(rows)}
        )
    return len(rows)
