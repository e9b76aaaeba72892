"""The key ceremony of a round: make the key pair, hand each holder a share once, confirm.

The server keeps the public key and a commitment per share. A share waits for its holder
encrypted with a key derived from the server's secret key (not in the database), and is
cleared when collected; the round cannot open voting until every share is confirmed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from nacl.secret import SecretBox

from app.accounts import queries as accounts
from app.accounts.credentials import OK, THROTTLED, check_password_again, throttled_message
from app.accounts.permissions import Principal, is_staff
from app.answer import CONFLICT, FORBIDDEN, FORM, Answer, Problems, done, invalid, refused
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.rounds import phases
from app.rounds.queries import round_by_id
from app.runtime import current_settings
from ballots.box import sealing
from ballots.box.tables import BoxKey, KeyShare

DEFAULT_THRESHOLD = 2
MAX_SHARES = 16
CEREMONY = "ceremony"
READY = "ready"
OPENED = "opened"


@dataclass(frozen=True)
class Slot:
    """One share of a round's key as the ceremony page shows it (never the share)."""

    position: int
    holder: int | None
    label: str
    collected: bool
    confirmed: bool


@dataclass(frozen=True)
class KeyState:
    """A round's key: status, k of n, the public key and the share slots."""

    status: str
    threshold: int
    shares: int
    public_key: str
    slots: tuple[Slot, ...]
    sealed_list: str = ""
    sealed_list_sha256: str = ""


async def key_state(round_id: int) -> KeyState | None:
    """The round's key and share slots, or None before any ceremony."""
    row = await BoxKey.select().where(BoxKey.round == round_id).first()
    if row is None:
        return None
    rows = await KeyShare.select().where(KeyShare.round == round_id).order_by(KeyShare.position)
    slots = tuple(
        Slot(
            int(r["position"]),
            None if r["holder"] is None else int(r["holder"]),
            str(r["label"]),
            r["collected_at"] is not None,
            r["confirmed_at"] is not None,
        )
        for r in rows
    )
    return KeyState(
        str(row["status"]),
        int(row["threshold"]),
        int(row["shares"]),
        str(row["public_key"]),
        slots,
        str(row["sealed_list"]),
        str(row["sealed_list_sha256"]),
    )


async def public_key(round_id: int) -> bytes | None:
    """The round's public key once every share is confirmed (and the box not yet opened)."""
    row = await (
        BoxKey.select(BoxKey.public_key)
        .where((BoxKey.round == round_id) & (BoxKey.status == READY))
        .first()
    )
    return None if row is None else bytes.fromhex(str(row["public_key"]))


async def shares_problem(round_id: int) -> str:
    """Why the round cannot open voting yet for want of its key ('' when it can)."""
    state = await key_state(round_id)
    if state is None:
        return _("Hold the key ceremony first: the certifiers receive the shares of the key.")
    if state.status != READY:
        return _("Every share of the ballot box key must be collected and confirmed first.")
    return ""


def _pickup_box(round_id: int, position: int) -> SecretBox:
    key = hmac.new(
        current_settings().secret_key.encode(),
        f"share-pickup:{round_id}:{position}".encode(),
        hashlib.sha256,
    ).digest()
    return SecretBox(key)


def _checked(round_id: int, holders: Sequence[int | None], threshold: int) -> Problems:
    if not 2 <= threshold <= len(holders) <= MAX_SHARES:
        return {
            "threshold": _(
                "Choose at least two shares to open the box, and at most as many as holders."
            )
        }
    named = [h for h in holders if h is not None]
    if len(set(named)) != len(named):
        return {"holder": _("A person can hold only one share.")}
    return {}


async def _before_voting(round_id: int) -> Problems:
    view = await round_by_id(round_id)
    if view is None:
        return {FORM: _("This round does not exist.")}
    if phases.index(view.phase) >= phases.index("voting"):
        return {FORM: _("The key is made before voting opens; this round is past that.")}
    return {}


async def _store(
    actor: str,
    round_id: int,
    holders: Sequence[int | None],
    labels: Sequence[str],
    threshold: int,
    *,
    hand_over: bool,
    started_by: int | None,
    seed: bytes = b"",
) -> list[str]:
    """Make the key and its shares; store the public key and commitments (one transaction)."""
    private, public = sealing.new_key()
    if seed:  # demo data: the same key and shares on every run
        private = sealing.demo_key(seed)
        public = sealing.public_of(private)
    shares = sealing.split(private, threshold, len(holders), seed)
    now = datetime.now(UTC)
    async with transaction():
        await KeyShare.delete().where(KeyShare.round == round_id)
        await BoxKey.delete().where(BoxKey.round == round_id)
        await BoxKey.insert(
            BoxKey(
                round=round_id,
                public_key=public,
                threshold=threshold,
                shares=len(holders),
                status=READY if hand_over else CEREMONY,
                created_by=started_by,
            )
        )
        await KeyShare.insert(
            *[
                KeyShare(
                    round=round_id,
                    position=at,
                    holder=holder,
                    label=label[:80],
                    commitment=sealing.commitment(round_id, share),
                    pending=""
                    if hand_over
                    else _pickup_box(round_id, at).encrypt(share.encode()).hex(),
                    collected_at=now if hand_over else None,
                    confirmed_at=now if hand_over else None,
                )
                for at, (holder, label, share) in enumerate(
                    zip(holders, labels, shares, strict=True), start=1
                )
            ]
        )
        await append_event(
            actor,
            "box.key_ceremony",
            f"round:{round_id}",
            {
                "public_key": public,
                "threshold": threshold,
                "shares": len(holders),
                "holders": [h for h in holders if h is not None],
                "handed_over_by_operator": hand_over,
            },
        )
    return shares


async def start_ceremony(
    user: Principal, round_id: int, holders: Sequence[int | None], threshold: int
) -> Answer[None]:
    """Staff make the round's key: one share per holder (None: a share for the safe, which
    the starter collects and prints). Starting again replaces an unfinished key.

    Every refusal is a form problem (a 400 page): `_form` (not staff, voting opened),
    `threshold`, `holder`.
    """
    if not is_staff(user) or user.id is None:
        return refused(FORM, _("Only staff hold the key ceremony."))
    problems = await _before_voting(round_id) or _checked(round_id, holders, threshold)
    certifiers = await _certifier_ids([h for h in holders if h is not None])
    if not problems and len(certifiers) != len([h for h in holders if h is not None]):
        problems = {"holder": _("Every named holder must be a certifier.")}
    if problems:
        return invalid(problems)
    slots = [user.id if h is None else h for h in holders]
    labels = [_("town hall safe") if h is None else "" for h in holders]
    await _store(
        f"user:{user.id}", round_id, slots, labels, threshold, hand_over=False, started_by=user.id
    )
    return done()


async def hand_out(
    round_id: int,
    holders: Sequence[int | None],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    seed: bytes = b"",
) -> Answer[list[str]]:
    """The operator's ceremony (CLI, demo): the shares come back at once, already confirmed.

    `seed` makes the key and shares reproducible: for the published demo data only. Refusals
    as `start_ceremony`'s.
    """
    problems = await _before_voting(round_id) or _checked(round_id, holders, threshold)
    if problems:
        return invalid(problems)
    labels = ["" if h is not None else "safe" for h in holders]
    return done(
        await _store(
            "cli", round_id, holders, labels, threshold, hand_over=True, started_by=None, seed=seed
        )
    )


async def _certifier_ids(user_ids: list[int]) -> set[int]:
    if not user_ids:
        return set()
    found = await accounts.grants(user_ids)
    return {int(g.user_id) for g in found if g.role == "certifier"}


@dataclass(frozen=True, slots=True)
class _Slot:
    """A share's place in the ceremony: who holds it and how far its hand-over got."""

    id: int
    holder: int | None
    pending: str
    collected: bool


async def _slot(round_id: int, position: int) -> _Slot | None:
    row = await (
        KeyShare.select(KeyShare.id, KeyShare.holder, KeyShare.pending, KeyShare.collected_at)
        .where((KeyShare.round == round_id) & (KeyShare.position == position))
        .first()
    )
    if row is None:
        return None
    holder = row["holder"]
    return _Slot(
        int(row["id"]),
        None if holder is None else int(holder),
        str(row["pending"] or ""),
        row["collected_at"] is not None,
    )


async def collect_share(
    user: Principal, round_id: int, position: int, password: str, address: str = "unknown"
) -> Answer[str]:
    """The holder re-enters their password (throttled) and receives their share, once.

    Answers the share; every refusal is `_forbidden` (a 403 page): not the holder, already
    collected, too many tries, a wrong password.
    """
    row = await _slot(round_id, position)
    if row is None or user.id is None or row.holder != user.id:
        return refused(FORBIDDEN, _("This share is not yours."))
    if not row.pending:
        return refused(FORBIDDEN, _collected())
    again = await check_password_again(user.id, password, address) if password else ""
    if again == THROTTLED:
        return refused(FORBIDDEN, throttled_message())
    if again != OK:
        return refused(FORBIDDEN, _("The password is not correct."))
    share = _pickup_box(round_id, position).decrypt(bytes.fromhex(row.pending)).decode()
    async with transaction():
        taken = await (
            KeyShare.update({KeyShare.pending: "", KeyShare.collected_at: datetime.now(UTC)})
            .where((KeyShare.id == row.id) & (KeyShare.pending != ""))
            .returning(KeyShare.id)
        )
        if not taken:
            return refused(FORBIDDEN, _collected())
        await append_event(
            f"user:{user.id}", "box.share_collected", f"round:{round_id}", {"position": position}
        )
    return done(share)


def _collected() -> str:
    return _("This share was already collected; it is shown only once.")


async def confirm_share(user: Principal, round_id: int, position: int) -> Answer[None]:
    """The holder confirms they stored their share; the last confirmation readies the key.

    Every refusal is `_conflict` (a 409 page): not the holder's share, not collected yet.
    """
    row = await _slot(round_id, position)
    if row is None or user.id is None or row.holder != user.id:
        return refused(CONFLICT, _("This share is not yours."))
    if not row.collected:
        return refused(CONFLICT, _("Collect the share before confirming it."))
    async with transaction():
        await KeyShare.update({KeyShare.confirmed_at: datetime.now(UTC)}).where(
            (KeyShare.id == row.id) & KeyShare.confirmed_at.is_null()
        )
        left = await KeyShare.count().where(
            (KeyShare.round == round_id) & KeyShare.confirmed_at.is_null()
        )
        if left == 0:
            await BoxKey.update({BoxKey.status: READY}).where(
                (BoxKey.round == round_id) & (BoxKey.status == CEREMONY)
            )
        await append_event(
            f"user:{user.id}",
            "box.share_confirmed",
            f"round:{round_id}",
            {"position": position, "key_ready": left == 0},
        )
    return done()
