"""Use cases of the voter register: import an extract, or mark a round an unverified poll.

Each runs one transaction with its audit event. Eligibility is fixed when voting opens: from
then on the register of a round cannot change.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.answer import CONFLICT, MISSING, Answer, Problems, done, invalid
from app.areas import queries as areas
from app.audit.services import append_event
from app.db import transaction
from app.rounds import phases
from app.rounds.queries import RoundView, round_by_id
from app.runtime import current_settings
from ballots.register import extract, messages
from ballots.register.queries import REGISTER, UNVERIFIED
from ballots.register.tables import RegisterEntry, RegisterSource

ADMITS = ("residents", "residents+entrepreneurs")


def person_key_secret() -> bytes:
    """The key of every person key: derived from the secret key, which is never in the database."""
    return hmac.new(current_settings().secret_key.encode(), b"person-key", hashlib.sha256).digest()


def key_for_bsn(bsn: str) -> str:
    """The person key of a BSN (a DigiD login's), the same as the register's for that BSN."""
    return extract.person_key(person_key_secret(), bsn)


@dataclass(frozen=True)
class RegisterCounts:
    """What an import kept, and whom it left out."""

    imported: int = 0
    too_young: int = 0
    outside: int = 0


# The answer's reserved key of a problem that is about the round, not a line of the file.
_REFUSALS = {"no_round": MISSING, "voting_opened": CONFLICT, "has_source": CONFLICT}


def problems_of(found: list[extract.Problem]) -> Problems:
    """Extract problems as an answer's: `line.<n>.<code>` for a line, `extract.<code>` for the
    file, `min_age` for the settings, a reserved key for the round's state; each a message."""
    keyed: Problems = {}
    for item in found:
        if item.code in _REFUSALS:
            key = _REFUSALS[item.code]
        elif item.code == "settings":
            key = "min_age"
        else:
            key = f"line.{item.line}.{item.code}" if item.line > 0 else f"extract.{item.code}"
        base, n = key, 1
        while key in keyed:
            n += 1
            key = f"{base}.{n}"
        keyed[key] = messages.problem(item)
    return keyed


def _refused(item: extract.Problem) -> Answer[RegisterCounts]:
    return invalid(problems_of([item]))


def _refusal(view: RoundView | None) -> extract.Problem | None:
    if view is None:
        return extract.Problem(0, "no_round")
    if view.phase != "draft" and phases.index(view.phase) >= phases.index("voting"):
        return extract.Problem(0, "voting_opened")
    return None


async def import_register(
    round_id: int, text: str, *, actor: str, min_age: int = 16, admits: str = "residents"
) -> Answer[RegisterCounts]:
    """Replace a round's register by a clean extract; people under `min_age` on the day voting
    opens and addresses outside the round's area are left out (and counted).

    Answers the counts, or every problem (see `problems_of`; nothing is imported then).
    """
    return await _import(round_id, text, actor, min_age, admits, _refusal)


async def import_demo_register(
    round_id: int, text: str, *, min_age: int = 16
) -> Answer[RegisterCounts]:
    """The demo's import: the demo puts its rounds straight into their phase, so its voting
    round gets the register as if imported before voting opened (never used outside the demo)."""
    return await _import(round_id, text, "system", min_age, "residents", _demo_refusal)


def _demo_refusal(view: RoundView | None) -> extract.Problem | None:
    if view is None:
        return extract.Problem(0, "no_round")
    if view.phase != "draft" and phases.index(view.phase) > phases.index("voting"):
        return extract.Problem(0, "voting_opened")
    return None


async def _import(
    round_id: int,
    text: str,
    actor: str,
    min_age: int,
    admits: str,
    refusal: Callable[[RoundView | None], extract.Problem | None],
) -> Answer[RegisterCounts]:
    view = await round_by_id(round_id)
    refused = refusal(view)
    if refused is not None:
        return _refused(refused)
    assert view is not None  # noqa: S101  (checked by _refusal)
    if min_age not in extract.MIN_AGES or admits not in ADMITS:
        return _refused(extract.Problem(0, "settings"))
    rows, problems = extract.read_extract(
        text, person_key_secret(), admits_business=admits != "residents"
    )
    if problems:
        return invalid(problems_of(problems))
    opens = view.schedule.get("voting") or datetime.now(UTC)
    kept, young, outside = [], 0, 0
    lineage_cache: dict[str, str | None] = {}
    for row in rows:
        if row.birth_date is not None and extract.age_on(row.birth_date, opens.date()) < min_age:
            young += 1
            continue
        if row.postcode not in lineage_cache:
            lineage_cache[row.postcode] = await _buurt_in_area(row.postcode, view.area_code)
        buurt = lineage_cache[row.postcode]
        if buurt is None:
            outside += 1
            continue
        kept.append((row, buurt))
    async with transaction():
        current = await round_by_id(round_id)
        again = refusal(current)
        if again is not None:
            return _refused(again)
        await RegisterEntry.delete().where(RegisterEntry.round == round_id)
        await RegisterSource.delete().where(RegisterSource.round == round_id)
        for start in range(0, len(kept), 500):
            await RegisterEntry.insert(
                *[
                    RegisterEntry(
                        round=round_id,
                        person_key=row.person_key,
                        kind=row.kind,
                        postcode=row.postcode,
                        house_number=row.house_number,
                        house_letter=row.house_letter,
                        name=row.name,
                        buurt_code=buurt,
                        secret=row.secret,
                    )
                    for row, buurt in kept[start : start + 500]
                ]
            )
        await RegisterSource.insert(
            RegisterSource(
                round=round_id,
                kind=REGISTER,
                min_age=min_age,
                admits=admits,
                entries=len(kept),
                set_by=actor[:40],
            )
        )
        await append_event(
            actor,
            "voter_register.imported",
            f"round:{round_id}",
            {
                "entries": len(kept),
                "too_young": young,
                "outside_area": outside,
                "min_age": min_age,
                "admits": admits,
            },
        )
    return done(RegisterCounts(imported=len(kept), too_young=young, outside=outside))


async def _buurt_in_area(postcode: str, area_code: str) -> str | None:
    found = await areas.area_for_postcode(postcode)
    if found is None:
        return None
    if area_code not in await areas.lineage_codes(str(found.code)):
        return None
    return str(found.code)


async def mark_unverified(round_id: int, *, actor: str) -> Answer[None]:
    """Run the round as an unverified poll: no register; labelled so on every page and result.

    Refused (`_conflict`) once voting opened or when the round has a register or poll already.
    """
    async with transaction():
        view = await round_by_id(round_id)
        refused = _refusal(view)
        if refused is not None:
            return invalid(problems_of([refused]))
        if await RegisterSource.exists().where(RegisterSource.round == round_id):
            return invalid(problems_of([extract.Problem(0, "has_source")]))
        await RegisterSource.insert(
            RegisterSource(round=round_id, kind=UNVERIFIED, set_by=actor[:40])
        )
        await append_event(actor, "voter_register.unverified", f"round:{round_id}", {})
    return done()


async def bind_digid(user_id: int, bsn: str, *, provider: str, acr: str) -> None:
    """Bind an account to the person of a DigiD login: keyed person key, provider, acr only.

    The BSN is turned into the person key here and goes no further.
    """
    from ballots.register.tables import AccountBinding

    person = key_for_bsn(bsn)
    async with transaction():
        await AccountBinding.delete().where(
            (AccountBinding.user_id == user_id) & (AccountBinding.round.is_null())
        )
        await AccountBinding.insert(
            AccountBinding(
                user_id=user_id,
                round=None,
                person_key=person,
                provider=provider[:20],
                acr=acr[:120],
            )
        )
        await append_event(
            f"user:{user_id}",
            "voter_register.digid",
            f"user:{user_id}",
            {"provider": provider[:80], "acr": acr[:120]},
        )
