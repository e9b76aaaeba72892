"""Read-only questions about a round's voter register, for the ballot box and the round pages."""

from __future__ import annotations

from dataclasses import dataclass

from ballots.register.tables import AccountBinding, RegisterEntry, RegisterSource

REGISTER, UNVERIFIED = "register", "unverified"


@dataclass(frozen=True)
class Source:
    """A round's eligibility source: kind ('' when none yet), minimum age, admitted, size."""

    kind: str = ""
    min_age: int = 16
    admits: str = "residents"
    entries: int = 0


@dataclass(frozen=True)
class Entry:
    """One register entry as the desk and the letters need it (no BSN, no birth date)."""

    id: int
    person_key: str
    kind: str
    postcode: str
    house_number: str
    house_letter: str
    name: str
    buurt_code: str
    secret: bool


async def source(round_id: int) -> Source:
    """The round's eligibility source, or an empty Source when none is set up."""
    row = await RegisterSource.select().where(RegisterSource.round == round_id).first()
    if row is None:
        return Source()
    return Source(str(row["kind"]), int(row["min_age"]), str(row["admits"]), int(row["entries"]))


async def source_kind(round_id: int) -> str:
    """'register', 'unverified' or '' (no eligibility source yet)."""
    return (await source(round_id)).kind


# Phases from which a round without a register has run (or runs) as an unverified poll.
_OPENED = ("voting", "counting", "certified", "implementing", "closed")


async def unverified_polls(phase_by_round: dict[int, str]) -> set[int]:
    """Which of these rounds (id -> phase) are unverified polls: marked so, or voting opened
    without a register. One query for the whole list."""
    if not phase_by_round:
        return set()
    kinds = {
        int(str(row["round"])): str(row["kind"])
        for row in await RegisterSource.select(RegisterSource.round, RegisterSource.kind).where(
            RegisterSource.round.is_in(list(phase_by_round))
        )
    }
    return {
        round_id
        for round_id, phase in phase_by_round.items()
        if kinds.get(round_id) == UNVERIFIED or (kinds.get(round_id, "") == "" and phase in _OPENED)
    }


async def is_unverified_poll(round_id: int, phase: str) -> bool:
    """Whether one round is an unverified poll (see unverified_polls)."""
    return round_id in await unverified_polls({round_id: phase})


def _entry(row: dict[str, object]) -> Entry:
    return Entry(
        int(str(row["id"])),
        str(row["person_key"]),
        str(row["kind"]),
        str(row["postcode"]),
        str(row["house_number"]),
        str(row["house_letter"]),
        str(row["name"]),
        str(row["buurt_code"]),
        bool(row["secret"]),
    )


async def entry_for_key(round_id: int, person_key: str) -> Entry | None:
    """The round's register entry of a person key, or None."""
    row = await (
        RegisterEntry.select()
        .where((RegisterEntry.round == round_id) & (RegisterEntry.person_key == person_key))
        .first()
    )
    return None if row is None else _entry(row)


async def entry_by_id(round_id: int, entry_id: int) -> Entry | None:
    """A register entry of the round by its id, or None."""
    row = await (
        RegisterEntry.select()
        .where((RegisterEntry.round == round_id) & (RegisterEntry.id == entry_id))
        .first()
    )
    return None if row is None else _entry(row)


async def look_up(round_id: int, postcode: str, house_number: str, name: str = "") -> list[Entry]:
    """Register entries at an address (and whose name contains `name`), for the desk."""
    query = RegisterEntry.select().where(
        (RegisterEntry.round == round_id)
        & (RegisterEntry.postcode == postcode)
        & (RegisterEntry.house_number == house_number)
    )
    rows = [_entry(row) for row in await query.order_by(RegisterEntry.name).limit(50)]
    wanted = " ".join(name.lower().split())
    return [row for row in rows if wanted in " ".join(row.name.lower().split())]


async def entries(round_id: int, *, with_secret: bool = False) -> list[Entry]:
    """Every entry of a round's register (secret ones only when asked), in address order."""
    query = RegisterEntry.select().where(RegisterEntry.round == round_id)
    if not with_secret:
        query = query.where(RegisterEntry.secret == False)  # noqa: E712  (Piccolo needs ==)
    rows = await query.order_by(RegisterEntry.postcode).order_by(RegisterEntry.house_number)
    return [_entry(row) for row in rows]


async def bound_person(user_id: int, round_id: int) -> tuple[str, str] | None:
    """The person key and provider an account stands for in a round (DigiD or letter), or None."""
    rows = await (
        AccountBinding.select(
            AccountBinding.person_key, AccountBinding.provider, AccountBinding.round
        )
        .where(
            (AccountBinding.user_id == user_id)
            & ((AccountBinding.round == round_id) | (AccountBinding.round.is_null()))
        )
        .order_by(AccountBinding.id, ascending=False)
    )
    # A binding for this round (a letter code) wins over a DigiD login for all rounds.
    rows.sort(key=lambda row: row["round"] is None)
    return (str(rows[0]["person_key"]), str(rows[0]["provider"])) if rows else None
