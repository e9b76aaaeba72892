"""Opening the box after the close: k shares rebuild the key in memory, every sealed ballot is
opened and checked, and the plaintext ballots are written in random order with new ids.

One transaction writes the plaintext ballots, deletes every sealed row of the round and
records the sorted list of sealed-ballot hashes; then the key is forgotten.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import anyio

from app.answer import FORM, Answer, done, invalid, refused
from app.audit.services import append_event
from app.db import after_bulk_write, is_sqlite, transaction
from app.i18n import _
from ballots.box import codes, keys, rules, sealing
from ballots.box.services import BallotPage, ballot_page, check_ballot, forget_caches
from ballots.box.tables import BoxKey, KeyShare, Participation, SealedBallot

if TYPE_CHECKING:
    import aiosqlite
    import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type hints

THREADS = 2  # the machine's cores


@dataclass(frozen=True)
class OpenedBox:
    """An opened box: how many ballots came out, and the hash of the sealed ballots' list."""

    ballots: int
    sealed_list_sha256: str


class _Stop(Exception):
    """A refusal found part-way (a share, the ballots, a second opening): nothing changed."""

    def __init__(self, problem: str, key: str = FORM) -> None:
        super().__init__(problem)
        self.problem = problem
        self.key = key


def _share_problem(error: sealing.ShareError) -> str:
    reasons = {
        "empty": _("it is empty"),
        "not a valid share (a word is wrong or missing)": _(
            "it is not a valid share (a word is wrong or missing)"
        ),
        "not one of this round's shares": _("it is not one of this round's shares"),
        "the same share was entered twice": _("the same share was entered twice"),
        "the shares do not fit together": _("the shares do not fit together"),
    }
    if error.reason.startswith("missing"):
        return _("Too few shares: {k} certifiers must enter their share.").format(
            k=error.position - 1 if error.position > 1 else 1
        )
    text = reasons.get(error.reason, error.reason)
    return _("Share {n} is wrong: {reason}.").format(n=error.position, reason=text)


async def _commitments(round_id: int) -> list[str]:
    rows = await KeyShare.select(KeyShare.commitment).where(KeyShare.round == round_id)
    return [str(r["commitment"]) for r in rows]


def rebuild_key(
    round_id: int, shares: Sequence[str], commitments: Sequence[str], state: keys.KeyState
) -> bytearray:
    """The private key from the shares, checked against the public key; raises _Stop."""
    if len([s for s in shares if s.strip()]) < state.threshold:
        raise _Stop(
            _("Too few shares: {k} of the {n} share holders must enter their share.").format(
                k=state.threshold, n=state.shares
            ),
            "share",
        )
    try:
        private = sealing.combine(round_id, shares, commitments, state.threshold)
    except sealing.ShareError as error:
        raise _Stop(_share_problem(error), "share") from error
    if sealing.public_of(private) != state.public_key:
        raise _Stop(_("The shares do not rebuild this round's key."), "share")
    return bytearray(private)


def open_all(
    page: BallotPage, private: bytearray, sealed: Sequence[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """Open and check every (sealed text, channel); (tracker, choices, channel), shuffled.

    The sealed boxes are opened by THREADS threads (libsodium runs without the GIL).
    """
    parts = [sealed[at::THREADS] for at in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        chunks = list(pool.map(lambda part: _open_part(page, private, part), parts))
    opened = [row for chunk in chunks for row in chunk]
    if len({tracker for tracker, _, _ in opened}) != len(opened):
        raise _Stop(_("Two sealed ballots hold the same tracker; the count stops."))
    secrets.SystemRandom().shuffle(opened)
    return opened


def _open_part(
    page: BallotPage, private: bytearray, sealed: Sequence[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    open_one = sealing.opener(bytes(private))
    opened: list[tuple[str, str, str]] = []
    checked: dict[str, str] = {}  # stored choices -> canonical form (ballots repeat a lot)
    for text, _channel in sealed:
        try:
            payload = open_one(text)
            canonical = checked.get(payload.choices)
            if canonical is None:
                ballot = rules.ballot_from_json(payload.choices)
                if check_ballot(page, ballot):
                    raise _Stop(
                        _("Sealed ballot {hash} breaks the ballot rules.").format(
                            hash=sealing.sealed_hash(text)[:16]
                        )
                    )
                canonical = checked[payload.choices] = rules.canonical_choices(ballot)
        except (sealing.SealError, ValueError) as exc:
            raise _Stop(
                _("Sealed ballot {hash} does not open with this key.").format(
                    hash=sealing.sealed_hash(text)[:16]
                )
            ) from exc
        opened.append((payload.tracker, canonical, payload.channel))
    return opened


async def _insert_plain(
    connection: aiosqlite.Connection | asyncpg.Connection,
    round_id: int,
    rows: Sequence[tuple[str, str, str]],
) -> None:
    """Insert the opened ballots, in the given (shuffled) order, on the transaction's own
    driver connection (aiosqlite or asyncpg): one prepared statement, many rows."""
    # Sorted by the new random id: still a uniformly random order (unrelated to the casts),
    # and the order in which SQLite's WITHOUT ROWID table stores them anyway.
    values = sorted(
        (codes.new_ballot_id(), round_id, choices, tracker, channel)
        for tracker, choices, channel in rows
    )
    if is_sqlite():
        sql = (
            'INSERT INTO "ballot" ("id", "round", "choices", "receipt", "channel", "status", '
            "\"token_hash\") VALUES (?, ?, ?, ?, ?, 'active', '')"
        )
    else:
        sql = (
            'INSERT INTO "ballot" ("id", "round", "choices", "receipt", "channel", "status", '
            "\"token_hash\") VALUES ($1, $2, $3, $4, $5, 'active', '')"
        )
    await connection.executemany(sql, values)


async def open_box(actor: str, round_id: int, shares: Sequence[str]) -> Answer[OpenedBox]:
    """Open a round's box with k shares (web or CLI); a refusal changes nothing.

    Refusals (a 400 page): `share` (a share is wrong, too few), `_form` (no such round, no
    key, opened already, not counting yet, ballots and voters differ).
    """
    forget_caches()
    page = await ballot_page(round_id)
    state = await keys.key_state(round_id)
    if page is None:
        return refused(FORM, _("This round does not exist."))
    if state is None:
        return refused(FORM, _("This round has no ballot box key."))
    if state.status == keys.OPENED:
        return refused(FORM, _("This ballot box has already been opened."))
    if page.round.phase != "counting":
        return refused(FORM, _("The box is opened after voting has closed, in the counting phase."))
    private = bytearray()
    try:
        private = rebuild_key(round_id, shares, await _commitments(round_id), state)
        return done(await _open(actor, page, private))
    except _Stop as stop:
        return invalid({stop.key: stop.problem})
    finally:
        for at in range(len(private)):  # forget the key (this copy, at least)
            private[at] = 0


async def _open(actor: str, page: BallotPage, private: bytearray) -> OpenedBox:
    round_id = page.round.id
    rows = await (
        SealedBallot.select(SealedBallot.sealed, SealedBallot.sealed_hash, SealedBallot.channel)
        .where((SealedBallot.round == round_id) & (SealedBallot.status == "active"))
        .order_by(SealedBallot.sealed_hash)
    )
    voters = await Participation.count().where(Participation.round == round_id)
    if len(rows) != voters:
        raise _Stop(
            _("The box holds {n} sealed ballots but {m} voters took part; the count stops.").format(
                n=len(rows), m=voters
            )
        )
    sealed = [(str(r["sealed"]), str(r["channel"])) for r in rows]
    opened = await anyio.to_thread.run_sync(open_all, page, private, sealed)
    hashes = [str(r["sealed_hash"]) for r in rows]
    listed = "".join(f"{h}\n" for h in hashes)
    digest = sealing.list_hash(hashes)
    async with transaction() as writing:
        current = await BoxKey.select(BoxKey.status).where(BoxKey.round == round_id).first()
        if current is None or current["status"] == keys.OPENED:
            raise _Stop(_("This ballot box has already been opened."))
        await _insert_plain(writing.connection, round_id, opened)
        await SealedBallot.delete().where(SealedBallot.round == round_id)
        await BoxKey.update(
            {
                BoxKey.status: keys.OPENED,
                BoxKey.opened_at: datetime.now(UTC),
                BoxKey.sealed_list: listed,
                BoxKey.sealed_list_sha256: digest,
            }
        ).where(BoxKey.round == round_id)
        await append_event(
            actor,
            "box.opened",
            f"round:{round_id}",
            {"ballots": len(opened), "sealed_list_sha256": digest},
        )
    await after_bulk_write()
    forget_caches()
    return OpenedBox(ballots=len(opened), sealed_list_sha256=digest)
