"""Use cases for voting codes: generate (by count or for addresses), void and reissue, audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.areas import queries as areas
from app.areas.postcodes import normalise_postcode
from app.audit.services import append_event
from app.db import transaction
from app.rounds.queries import round_by_id
from app.settings import get_settings
from ballots.box import codes
from ballots.box.queries import code_used
from ballots.box.tables import VotingCode

MAX_CODES = 200_000
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


class IssueError(Exception):
    """A request to issue codes that cannot be met, with the reason."""


async def _buurt_for(postcode: str, fallback: str) -> str:
    area = await areas.area_for_postcode(postcode) if postcode else None
    return str(area["code"]) if area else fallback


async def generate_codes(
    round_id: int,
    *,
    count: int = 0,
    addresses: Sequence[Address] = (),
    actor: str = "cli",
) -> list[IssuedCode]:
    """Issue `count` anonymous codes plus one per address; store only their keyed hashes."""
    view = await round_by_id(round_id)
    if view is None:
        raise IssueError(f"round {round_id} does not exist")
    if view.phase in ("counting", "certified", "implementing", "closed"):
        raise IssueError("voting in this round has ended")
    if count < 0 or count + len(addresses) > MAX_CODES:
        raise IssueError(f"ask for between 1 and {MAX_CODES} codes")
    secret = get_settings().secret_key
    wanted: list[tuple[Address, str]] = [(Address("", ""), view.area_code)] * count
    for address in addresses:
        postcode = normalise_postcode(address.postcode) or ""
        if not postcode or not address.house_number.strip():
            raise IssueError(f"not a Dutch address: {address.postcode} {address.house_number}")
        cleaned = Address(postcode, address.house_number.strip()[:12], address.name.strip()[:120])
        wanted.append((cleaned, await _buurt_for(postcode, view.area_code)))
    plain = [codes.generate() for _ in wanted]
    async with transaction():
        rows = [
            VotingCode(
                round=round_id,
                code_hash=codes.code_hash(secret, codes.normalise(code) or ""),
                postcode=address.postcode,
                house_number=address.house_number,
                name=address.name,
                buurt_code=buurt,
                status="issued",
            )
            for code, (address, buurt) in zip(plain, wanted, strict=True)
        ]
        ids: list[int] = []
        for start in range(0, len(rows), 500):
            inserted = await VotingCode.insert(*rows[start : start + 500]).returning(VotingCode.id)
            ids.extend(int(r["id"]) for r in inserted)
        await append_event(
            actor, "voting_codes.generated", f"round:{round_id}", {"count": len(rows)}
        )
    return [
        IssuedCode(code_id, code, round_id, a.postcode, a.house_number, a.name)
        for code_id, code, (a, _) in zip(ids, plain, wanted, strict=True)
    ]


async def void_code(code_id: int, *, actor: str, reason: str = "") -> list[str]:
    """Void an issued code (a lost letter, a wrong address); refused once it has voted."""
    async with transaction():
        row = (
            await VotingCode.select(VotingCode.status, VotingCode.round, VotingCode.code_hash)
            .where(VotingCode.id == code_id)
            .first()
        )
        if row is None:
            return ["this voting code does not exist"]
        if row["status"] == "issued" and await code_used(int(row["round"]), row["code_hash"]):
            return ["this voting code is already used"]
        if row["status"] != "issued":
            return [f"this voting code is already {row['status']}"]
        await VotingCode.update({VotingCode.status: "voided"}).where(
            (VotingCode.id == code_id) & (VotingCode.status == "issued")
        )
        await append_event(
            actor,
            "voting_codes.voided",
            f"voting-code:{code_id}",
            {"round": int(row["round"]), "reason": reason[:200]},
        )
    return []


async def reissue_code(code_id: int, *, actor: str, reason: str = "") -> IssuedCode:
    """Void a code and issue a new one for the same address, in one transaction."""
    secret = get_settings().secret_key
    code = codes.generate()
    async with transaction():
        row = await VotingCode.select().where(VotingCode.id == code_id).first()
        if row is None:
            raise IssueError("this voting code does not exist")
        if row["status"] == "issued" and await code_used(int(row["round"]), row["code_hash"]):
            raise IssueError("this voting code has already been used to vote")
        await VotingCode.update({VotingCode.status: "voided"}).where(VotingCode.id == code_id)
        inserted = await VotingCode.insert(
            VotingCode(
                round=row["round"],
                code_hash=codes.code_hash(secret, codes.normalise(code) or ""),
                postcode=row["postcode"],
                house_number=row["house_number"],
                name=row["name"],
                buurt_code=row["buurt_code"],
                status="issued",
            )
        ).returning(VotingCode.id)
        new_id = int(inserted[0]["id"])
        await append_event(
            actor,
            "voting_codes.reissued",
            f"voting-code:{code_id}",
            {"round": int(row["round"]), "replacement": new_id, "reason": reason[:200]},
        )
    return IssuedCode(
        new_id, code, int(row["round"]), row["postcode"], row["house_number"], row["name"]
    )
