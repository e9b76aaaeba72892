"""Use cases of the ballot box: verify a code or token, cast or change a ballot, turnout keys."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.answer import CONFLICT, FORBIDDEN, FORM, Answer, Problems, done, invalid, refused
from app.db import transaction
from app.i18n import LOCAL_TIME
from app.rounds.queries import RoundView, round_by_id
from app.runtime import current_settings
from ballots import queries as ballot_list
from ballots.box import codes, keys, messages, rules, sealing, store
from ballots.box.outcomes import NOT_ALLOWED as NOT_ALLOWED  # the code outcomes, re-exported
from ballots.box.outcomes import OK as OK
from ballots.box.outcomes import PENDING as PENDING
from ballots.box.outcomes import THROTTLED as THROTTLED
from ballots.box.outcomes import USED as USED
from ballots.box.outcomes import VOIDED as VOIDED
from ballots.box.outcomes import WRONG as WRONG
from ballots.box.queries import code_voter_key
from ballots.box.tables import CodeFailure
from ballots.counting.model import Ballot, Instance
from ballots.register import queries as register_queries

CACHE_SECONDS = 2.0
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 10


@dataclass(frozen=True)
class BallotPage:
    """A round as the voting pages need it: its view, the ballot options and the Instance."""

    round: RoundView
    options: tuple[rules.Option, ...]
    instance: Instance
    public_key: bytes | None = None  # the box's key; None until the key ceremony is done
    unverified: bool = False  # no voter register: labelled an unverified poll on every page

    def open_at_now(self) -> bool:
        """Whether the round takes ballots now, by the server's clock."""
        return self.open_at(datetime.now(UTC))

    def open_at(self, now: datetime) -> bool:
        """Whether the round takes ballots at this moment (by the cached phase and dates)."""
        schedule = self.round.schedule
        return rules.voting_open(
            self.round.phase, schedule.get("voting"), schedule.get("counting"), now
        )


@dataclass(frozen=True)
class Voter:
    """An eligible voter in one round, as a keyed hash only."""

    round_id: int
    voter_key: str
    code_hash: str | None = None
    buurt_code: str = ""


@dataclass(frozen=True)
class CodeCheck:
    """The answer to a typed code: an outcome and, when known, the voter."""

    outcome: str
    voter: Voter | None = None


@dataclass(frozen=True)
class Receipt:
    """What a stored ballot gives the voter: its tracker, the change token (once), its hash."""

    tracker: str  # the tracker sealed inside the ballot
    token: str = ""  # shown once; "" when the round allows no change
    sealed_hash: str = ""  # the fingerprint of the sealed ballot on the board


# The answer's reserved key for each refusal of the store (a 409, 403 or 400 page).
_REFUSALS = {
    store.ALREADY_VOTED: CONFLICT,
    store.CLOSED: FORBIDDEN,
    NOT_ALLOWED: FORBIDDEN,
    store.CODE_REFUSED: FORM,
    store.NOT_ELIGIBLE: FORM,
    store.TOKEN_UNKNOWN: FORM,
}


_pages: dict[int, tuple[float, BallotPage | None]] = {}
_page_locks: dict[int, asyncio.Lock] = {}


async def ballot_page(round_id: int) -> BallotPage | None:
    """The round and its ballot, cached for a couple of seconds per process.

    One request reloads an expired entry while the others wait for it, instead of every
    request in flight querying the same rows at once.
    """
    cached = _pages.get(round_id)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    lock = _page_locks.setdefault(round_id, asyncio.Lock())
    async with lock:
        cached = _pages.get(round_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        return await _load_page(round_id)


async def _load_page(round_id: int) -> BallotPage | None:
    view = await round_by_id(round_id)
    page = None
    if view is not None:
        options = tuple(
            rules.Option(
                key=str(o["project_key"]),
                title=str(o["title"]),
                cost_cents=int(o["cost_cents"]),
                summary=str(o["summary"] or ""),
            )
            for o in await ballot_list.ballot_options(round_id)
        )
        instance = rules.instance_for(view.rules, view.amount_cents, options)
        kind = await register_queries.source_kind(round_id)
        page = BallotPage(
            view,
            options,
            instance,
            await keys.public_key(round_id),
            unverified=kind != register_queries.REGISTER,
        )
    _pages[round_id] = (time.monotonic() + CACHE_SECONDS, page)
    return page


def forget_caches() -> None:
    """Drop the cached ballot pages and failure counts (tests; after a phase change)."""
    _pages.clear()
    _page_locks.clear()
    _failures.clear()


def _secret() -> str:
    return current_settings().secret_key


def _address_key(client: str) -> str:
    return f"ip:{client[:290]}"


_failures: dict[str, tuple[datetime, int]] = {}
_CACHED = timedelta(seconds=1)


def clock() -> datetime:
    """The time wrong codes are recorded and judged at (tests replace it to step time by hand)."""
    return datetime.now(UTC)


async def is_throttled(client: str) -> bool:
    """Whether a client address typed too many wrong codes or tokens recently.

    The count is cached for a second per process (and dropped when this process records a
    failure), so a burst across workers may get a handful of extra tries: harmless against
    60-bit codes, and it keeps the query off the hot path.
    """
    key = _address_key(client)
    now = clock()
    cached = _failures.get(key)
    if cached is not None and now < cached[0] <= now + _CACHED:  # a clock set back: ask again
        return cached[1] >= MAX_FAILURES
    backend = await store.backend()
    count = await backend.recent_failures(key, now - THROTTLE_WINDOW)
    if len(_failures) > 10_000:
        _failures.clear()
    _failures[key] = (now + _CACHED, count)
    return count >= MAX_FAILURES


async def record_failure(client: str) -> None:
    """Count one wrong code or token against a client address; forget expired ones."""
    now = clock()
    _failures.pop(_address_key(client), None)
    async with transaction():
        await CodeFailure.delete().where(CodeFailure.at < now - THROTTLE_WINDOW)
        await CodeFailure.insert(CodeFailure(key=_address_key(client), at=now))


async def _check_hash(round_id: int, code_hash: str) -> CodeCheck:
    backend = await store.backend()
    voter_key = await code_voter_key(code_hash)  # the register person's key for its letters
    row = await backend.find_code(code_hash, voter_key)
    if row is None or row.round_id != round_id:
        return CodeCheck(WRONG)
    if row.status in (VOIDED, PENDING):
        return CodeCheck(row.status)
    voter = Voter(round_id, voter_key, code_hash, row.buurt_code)
    return CodeCheck(USED if row.status == "used" else OK, voter)


async def verify_code(round_id: int, raw_code: str, client: str) -> CodeCheck:
    """Check a typed code for a round: one indexed lookup, throttled per client address.

    A valid code is always accepted, whoever guessed wrong before from the same address
    (60-bit codes make the guessing hopeless anyway); only wrong codes meet the throttle.
    """
    normalised = codes.normalise(raw_code)
    check = CodeCheck(WRONG)
    if normalised is not None:
        check = await _check_hash(round_id, codes.code_hash(_secret(), normalised))
    if check.outcome not in (WRONG, VOIDED, PENDING):
        return check
    if await is_throttled(client):
        return CodeCheck(THROTTLED)
    await record_failure(client)
    return check


async def verify_code_hash(round_id: int, code_hash: str) -> CodeCheck:
    """Re-check a code hash carried by a signed voting pass (no throttle: it was verified)."""
    return await _check_hash(round_id, code_hash)


def account_voter(round_id: int, user_id: int, buurt_code: str = "") -> Voter:
    """An eligible account holder as a voter (eligibility is the caller's to decide)."""
    return Voter(round_id, codes.voter_key_for_user(_secret(), user_id), None, buurt_code)


def replacement_hash(voter: Voter, token: str) -> str:
    """The stored form of a voter's replacement token."""
    return codes.token_hash(_secret(), voter.voter_key, token)


async def verify_token(voter: Voter, token: str, client: str) -> str | None:
    """The token hash if the token replaces an active ballot of this voter, else None."""
    if await is_throttled(client):
        return None
    hashed = replacement_hash(voter, token)
    backend = await store.backend()
    if await backend.active_token(voter.round_id, hashed):
        return hashed
    await record_failure(client)
    return None


async def has_voted(voter: Voter) -> bool:
    """Whether the voter already took part in the round."""
    backend = await store.backend()
    return await backend.has_participation(voter.round_id, voter.voter_key)


async def account_has_voted(round_id: int, user_id: int) -> bool:
    """Whether an account took part: as itself, or as the register person it is bound to."""
    if await has_voted(account_voter(round_id, user_id)):
        return True
    bound = await register_queries.bound_person(user_id, round_id)
    if bound is None:
        return False
    person = Voter(round_id, codes.voter_key_for_person(_secret(), bound[0]))
    return await has_voted(person)


def check_ballot(page: BallotPage, ballot: Ballot) -> list[rules.Problem]:
    """Every reason to refuse a ballot, by the counting engine's rules."""
    return rules.check(page.instance, ballot, allow_blank=page.round.rules.allow_blank)


def ballot_problems(problems: list[rules.Problem]) -> Problems:
    """A ballot's problems as an answer's: keyed `ballot.<code>` (`.2`, `.3` when repeated)."""
    found: Problems = {}
    for item in problems:
        key, n = f"ballot.{item.code}", 1
        while key in found:
            n += 1
            key = f"ballot.{item.code}.{n}"
        found[key] = messages.problem(item)
    return found


def refusal(outcome: str) -> Answer[Receipt]:
    """The answer of a cast the store (or the round's rules) refused, with the voter's message."""
    return refused(_REFUSALS.get(outcome, FORM), messages.outcome(outcome))


async def _store(
    page: BallotPage,
    voter: Voter,
    ballot: Ballot,
    channel: str,
    now: datetime | None,
    replaces: str | None,
) -> Answer[Receipt]:
    now = now or datetime.now(UTC)
    problems = check_ballot(page, ballot)
    if problems:
        return invalid(ballot_problems(problems))
    if not page.open_at(now) or page.public_key is None:
        return refusal(store.CLOSED)
    token = codes.new_replacement_token() if page.round.rules.allow_vote_change else ""
    tracker = codes.new_receipt()
    sealed = seal_ballot(page, rules.canonical_choices(ballot), tracker, channel)
    job = store.CastJob(
        round_id=page.round.id,
        voter_key=voter.voter_key,
        code_hash=voter.code_hash,
        buurt_code=voter.buurt_code,
        voted_on=now.astimezone(LOCAL_TIME).date(),
        ballot=store.NewBallot(
            ballot_id=codes.new_ballot_id(),
            sealed=sealed,
            sealed_hash=sealing.sealed_hash(sealed),
            token_hash=replacement_hash(voter, token) if token else "",
            channel=channel,
        ),
        now=now,
        replaces=replaces,
    )
    stored = await (await store.backend()).submit(job)
    if stored.outcome != store.CAST:
        return refusal(stored.outcome)
    return done(Receipt(tracker, token, stored.sealed_hash))


def seal_ballot(page: BallotPage, choices: str, tracker: str, channel: str) -> str:
    """The stored text of a sealed ballot: choices, tracker and channel, padded and sealed."""
    if page.public_key is None:
        raise ValueError("the round has no ballot box key")
    payload = sealing.Payload(choices=choices, tracker=tracker, channel=channel)
    plain = sealing.encode(payload, sealing.pad_size([o.key for o in page.options]))
    return sealing.sealed_text(sealing.seal(page.public_key, plain))


async def cast_ballot(
    page: BallotPage,
    voter: Voter,
    ballot: Ballot,
    *,
    channel: str = "online",
    now: datetime | None = None,
) -> Answer[Receipt]:
    """Validate and cast a first ballot: participation and ballot in one transaction.

    Answers the receipt; or the ballot's problems (`ballot.<code>`), or a refusal: closed
    (`_forbidden`), already voted (`_conflict`), code no longer valid (`_form`).
    """
    return await _store(page, voter, ballot, channel, now, None)


async def change_ballot(
    page: BallotPage,
    voter: Voter,
    replaces: str,
    ballot: Ballot,
    *,
    now: datetime | None = None,
) -> Answer[Receipt]:
    """Replace the voter's active ballot (found by its token hash) with a new one, atomically.

    Answers as `cast_ballot`; refusals: closed or no change allowed (`_forbidden`), no ballot
    to change or an unknown token (`_form`).
    """
    if not page.round.rules.allow_vote_change:
        return refusal(NOT_ALLOWED)
    return await _store(page, voter, ballot, "online", now, replaces)
