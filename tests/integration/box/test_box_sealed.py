"""The sealed box: no plaintext in the files during voting, k of n shares open it, a wrong
share is named, and the opened ballots are the cast ones in an order unrelated to the cast."""

from __future__ import annotations

import itertools
import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.box.conftest import create_round
from tests.support.box import SHARES

VOTER_OF: dict[str, str] = {}  # voter key -> tracker of the last `_cast_letters`


async def _cast_letters(count: int, **fields: object) -> tuple[int, list[tuple[str, str]]]:
    """A round whose options have unique keys, addressed letters, and `count` cast ballots:
    (round id, [(tracker, canonical choices)])."""
    from ballots.box import services
    from ballots.box.issuing import Address, generate_codes
    from ballots.counting import Ballot

    tag = secrets.token_hex(3).upper()
    keys = [f"Z{tag}{n}" for n in range(4)]
    round_id = await create_round(
        options=[(key, 10_000_00 * (n + 1)) for n, key in enumerate(keys)], **fields
    )
    addresses = [Address("9742AB", str(n + 1), f"De Boer {tag} {n}") for n in range(count)]
    made = await generate_codes(round_id, addresses=addresses, actor="test")
    assert made.value is not None, made
    issued = made.value
    page = await services.ballot_page(round_id)
    assert page is not None and page.public_key is not None
    cast = []
    VOTER_OF.clear()
    for n, item in enumerate(issued):
        check = await services.verify_code(round_id, item.code, "10.7.7.7")
        assert check.voter is not None
        chosen = tuple(k for i, k in enumerate(keys) if (n >> i) & 1 or i == n % 4)[:3]
        result = await services.cast_ballot(page, check.voter, Ballot(projects=chosen))
        assert result.value is not None, result
        VOTER_OF[check.voter.voter_key] = result.value.tracker
        cast.append(
            (result.value.tracker, json.dumps({"projects": list(chosen)}, separators=(",", ":")))
        )
    return round_id, cast


async def _letter_rows(round_id: int) -> list[dict[str, object]]:
    """The round's letter rows as stored (with PostgreSQL's transaction id of each)."""
    from app.db import is_sqlite
    from ballots.box.tables import VotingCode

    xmin = "" if is_sqlite() else ', "xmin"::text AS xmin'
    return list(
        await VotingCode.raw(
            f'SELECT *{xmin} FROM "voting_code" WHERE "round" = {{}} ORDER BY "id"',  # noqa: S608
            round_id,
        )
    )


async def test_a_cast_never_writes_the_letter_row_that_holds_the_address() -> None:
    """A cast writes only the participation and the sealed ballot: the letters' rows (name
    and address) stay as they were, on PostgreSQL with the same transaction id (xmin), and a
    used code is still refused a second time (the one-vote index)."""
    from app.answer import CONFLICT
    from ballots.box import services
    from ballots.box.issuing import Address, generate_codes
    from ballots.counting import Ballot

    round_id = await create_round()
    addresses = [Address("9742AB", str(n + 1), f"De Vries {n}") for n in range(3)]
    made = await generate_codes(round_id, addresses=addresses, actor="test")
    assert made.value is not None, made
    issued = made.value
    before = await _letter_rows(round_id)
    page = await services.ballot_page(round_id)
    assert page is not None and page.options
    for item in issued:
        check = await services.verify_code(round_id, item.code, "10.7.7.8")
        assert check.voter is not None
        cast = await services.cast_ballot(
            page, check.voter, Ballot(projects=(page.options[0].key,))
        )
        assert cast.ok, cast
    assert await _letter_rows(round_id) == before
    again = await services.verify_code(round_id, issued[0].code, "10.7.7.8")
    assert again.outcome == services.USED and again.voter is not None
    twice = await services.cast_ballot(page, again.voter, Ballot(projects=()))
    assert twice.reason == CONFLICT and twice.value is None


async def _close(round_id: int) -> None:
    from app.rounds.tables import Round
    from ballots.box import services

    await Round.update({Round.phase: "counting"}).where(Round.id == round_id)
    services.forget_caches()


def _database_files() -> list[Path]:
    from app.settings import get_settings

    path = get_settings().sqlite_path
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


def _raw_bytes() -> bytes:
    """The database and WAL files as bytes, read by another process: closing a descriptor of
    the file in this process would drop SQLite's POSIX locks of its open connections."""
    files = [str(path) for path in _database_files()]
    return subprocess.run(["cat", *files], capture_output=True, check=True, timeout=60).stdout


async def test_raw_database_and_wal_hold_no_cast_choices_before_the_count() -> None:
    """(a) Reading the SQLite file and its WAL byte by byte finds no cast's choices or tracker
    until the box is opened; the files are readable by their owner only."""
    from app.db import is_sqlite

    if not is_sqlite():
        pytest.skip("the file scan is for SQLite; PostgreSQL has its own test")
    round_id, cast = await _cast_letters(8)
    raw = _raw_bytes()
    for tracker, choices in cast:
        for needle in (choices, choices.replace('"', '\\"'), tracker):
            assert needle.encode() not in raw, needle
    for path in _database_files():
        assert path.stat().st_mode & 0o077 == 0, path
    await _close(round_id)
    from tests.support.box import open_box

    assert await open_box(round_id) == 8
    raw = _raw_bytes()
    assert all(tracker.encode() in raw for tracker, _ in cast)  # the scan does find plaintext


async def test_fewer_than_k_shares_are_refused_and_any_k_of_n_open_the_box() -> None:
    """(c) One share of a 2-of-3 key opens nothing; every pair rebuilds the key; opening
    yields exactly the cast ballots (by tracker) and empties the sealed table."""
    from app.answer import FORM
    from ballots.box import keys, opening, queries
    from ballots.box.tables import Ballot, SealedBallot

    round_id, cast = await _cast_letters(5)
    await _close(round_id)
    shares = SHARES[round_id]
    refused = await opening.open_box("test", round_id, shares[:1])
    assert list(refused.problems) == ["share"] and "2" in refused.message
    assert await SealedBallot.count().where(SealedBallot.round == round_id) == 5
    state = await keys.key_state(round_id)
    assert state is not None
    commitments = await opening._commitments(round_id)
    for pair in itertools.combinations(shares, 2):
        key = opening.rebuild_key(round_id, list(pair), commitments, state)
        assert len(key) == 32
    opened = await opening.open_box("test", round_id, [shares[2], shares[0]])
    assert opened.value is not None and opened.value.ballots == 5
    rows = await Ballot.select(Ballot.receipt, Ballot.choices).where(Ballot.round == round_id)
    assert sorted((r["receipt"], r["choices"]) for r in rows) == sorted(cast)
    assert await SealedBallot.count().where(SealedBallot.round == round_id) == 0
    listed, digest = await queries.sealed_list(round_id)
    assert len(listed) == 5 and len(digest) == 64
    again = await opening.open_box("test", round_id, shares[:2])
    assert again.problems == {FORM: "Deze stembus is al geopend."}


async def test_a_wrong_share_is_named_and_nothing_changes() -> None:
    """(d) A share of another round, a mistyped word or the same share twice is named as
    wrong (which one, and why); the box stays sealed."""
    from ballots.box import opening
    from ballots.box.tables import SealedBallot

    round_id, _cast = await _cast_letters(3)
    other_id, _other = await _cast_letters(1)
    await _close(round_id)
    mine, foreign = SHARES[round_id], SHARES[other_id]
    wrong_round = await opening.open_box("test", round_id, [mine[0], foreign[1]])
    assert list(wrong_round.problems) == ["share"] and "2" in wrong_round.message
    assert "this round" in wrong_round.message or "deze ronde" in wrong_round.message
    words = mine[1].split()
    words[5] = "academic" if words[5] != "academic" else "acid"
    typo = await opening.open_box("test", round_id, [" ".join(words), mine[0]])
    assert not typo.ok and "1" in typo.message
    twice = await opening.open_box("test", round_id, [mine[0], mine[0].upper()])
    assert not twice.ok and "2" in twice.message
    assert await SealedBallot.count().where(SealedBallot.round == round_id) == 3
    opened = await opening.open_box("test", round_id, mine[1:])
    assert opened.value is not None and opened.value.ballots == 3


async def test_the_count_waits_for_the_box_and_the_cli_opens_it_with_share_files(
    tmp_path: Path,
) -> None:
    """A count of a sealed box is refused; `wijkstem count ID --share F --share F` opens it
    and counts; a wrong share file is named on stderr with exit code 2."""
    from app.answer import CONFLICT
    from ballots.box import queries
    from ballots.results import jobs

    round_id, _cast = await _cast_letters(4)
    await _close(round_id)
    refused = await jobs.request_count(None, round_id)
    assert not refused.ok and refused.reason == CONFLICT and "verzegeld" in refused.message
    files = []
    for at, share in enumerate(SHARES[round_id]):
        files.append(tmp_path / f"share-{at}.txt")
        files[-1].write_text(share + "\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text(SHARES[round_id][0].replace(" ", " x", 1), encoding="utf-8")

    def count(*shares: Path) -> subprocess.CompletedProcess[str]:
        named = [arg for share in shares for arg in ("--share", str(share))]
        return subprocess.run(
            [sys.executable, "-m", "app", "count", str(round_id), *named],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    bad = count(files[1], tmp_path / "bad.txt")
    assert bad.returncode == 2 and "2" in bad.stderr, bad.stderr
    assert await queries.box_unopened(round_id)
    done = count(files[0], files[2])
    assert done.returncode == 0, done.stderr
    assert "4 ballots" in done.stdout and not await queries.box_unopened(round_id)


async def test_voting_cannot_open_before_the_shares_are_confirmed(make_user: object) -> None:
    """A round in deliberating without a confirmed key stays there; once every holder has
    collected (with the password) and confirmed their share, voting opens."""
    from app.accounts.permissions import Principal
    from app.answer import FORBIDDEN
    from app.rounds import services as rounds
    from ballots.box import keys
    from tests.integration.box.conftest import create_round as make
    from tests.support.web import DEFAULT_PASSWORD

    round_id = await make(phase="deliberating")
    blocked = await rounds.advance_round(None, "test", round_id, "voting")
    assert not blocked.ok and "phase" in blocked.problems
    staff = await make_user(role="staff")  # type: ignore[operator]
    first = await make_user(role="certifier")  # type: ignore[operator]
    second = await make_user(role="certifier")  # type: ignore[operator]
    starter = Principal(id=staff.id, grants=frozenset({("staff", "")}))
    started = await keys.start_ceremony(starter, round_id, [first.id, second.id, None], 2)
    assert started.ok, started
    people = [(first.id, 1), (second.id, 2), (staff.id, 3)]
    for user_id, position in people:
        holder = Principal(id=user_id, grants=frozenset({("certifier", "")}))
        wrong = await keys.collect_share(holder, round_id, position, "not the password")
        assert wrong.reason == FORBIDDEN and wrong.value is None
        got = await keys.collect_share(holder, round_id, position, DEFAULT_PASSWORD)
        assert got.value is not None and len(got.value.split()) == 33
        twice = await keys.collect_share(holder, round_id, position, DEFAULT_PASSWORD)
        assert twice.reason == FORBIDDEN and twice.value is None
        if position < 3:
            assert await keys.shares_problem(round_id)
        assert (await keys.confirm_share(holder, round_id, position)).ok
    assert await keys.shares_problem(round_id) == ""
    await _ready_list_and_source(round_id, staff.id)
    opened = await rounds.advance_round(None, "test", round_id, "voting")
    assert opened.ok, opened.problems


def _ranks(keys: list[tuple[object, str]]) -> dict[str, int]:
    return {name: at for at, (_, name) in enumerate(sorted(keys))}


def _place(order: str, value: object) -> object:
    """A sortable physical place: (page, item) for a ctid, the value itself otherwise."""
    if order == "ctid":
        page, item = str(value).strip("()").split(",")
        return (int(page), int(item))
    return value


def _spearman(a: list[int], b: list[int]) -> float:
    n = len(a)
    return 1 - 6 * sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) / (n * (n * n - 1))


async def test_no_join_by_transaction_place_or_order_links_voters_to_opened_ballots() -> None:
    """(b) After the count: no opened ballot shares a transaction id (xmin) with any
    participation; their physical places (ctid) and id orders agree no better than chance."""
    from app.db import is_sqlite
    from ballots.box.tables import Ballot
    from tests.support.box import open_box

    round_id, _cast = await _cast_letters(40)
    truth = dict(VOTER_OF)
    await _close(round_id)
    await open_box(round_id)
    orders = ["id"] if is_sqlite() else ["id", "ctid"]
    if not is_sqlite():
        p_xmin = await Ballot.raw(
            'SELECT xmin::text AS x FROM "ballot_participation" WHERE "round" = {}', round_id
        )
        b_xmin = await Ballot.raw(
            'SELECT xmin::text AS x FROM "ballot" WHERE "round" = {}', round_id
        )
        assert {r["x"] for r in p_xmin}.isdisjoint({r["x"] for r in b_xmin})
        assert len({r["x"] for r in b_xmin}) == 1  # one transaction wrote every opened ballot
    for order in orders:
        where = f'WHERE "round" = {round_id}'
        cast_to = "::text" if order == "ctid" else ""
        people = await Ballot.raw(
            f'SELECT "voter_key" AS k, {order}{cast_to} AS o FROM "ballot_participation" {where}'  # noqa: S608 (fixed names)
        )
        papers = await Ballot.raw(
            f'SELECT "receipt" AS k, {order}{cast_to} AS o FROM "ballot" {where}'  # noqa: S608 (fixed names)
        )

        by_voter = _ranks([(_place(order, r["o"]), str(r["k"])) for r in people])
        by_ballot = _ranks([(_place(order, r["o"]), str(r["k"])) for r in papers])
        pairs = [(by_voter[key], by_ballot[tracker]) for key, tracker in truth.items()]
        same = sum(1 for x, y in pairs if x == y)
        rho = _spearman([x for x, _ in pairs], [y for _, y in pairs])
        assert same <= 5 and abs(rho) < 0.6, (order, same, rho)


async def _ready_list_and_source(round_id: int, staff_id: int) -> None:
    """The other preconditions of voting: the (made) list confirmed, a poll's source."""
    from ballots.register import services as register
    from ballots.tables import BallotListConfirmation, BallotOption

    await BallotListConfirmation.insert(
        BallotListConfirmation(round=round_id, confirmed_by=staff_id, changes="[]")
    )
    assert await BallotOption.exists().where(BallotOption.round == round_id)
    assert (await register.mark_unverified(round_id, actor="test")).ok
