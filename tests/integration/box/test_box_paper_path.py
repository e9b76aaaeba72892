"""Paper batches go through the ballot store's one write path: all of a batch, or nothing."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, cast

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type hints
import pytest

from app.accounts.permissions import Principal
from app.i18n import _
from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_cast import counts
from tests.support.web import Account

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]


def staff(account: Account) -> Principal:
    """A staff member as the services see them."""
    return Principal(id=account.id, grants=frozenset({("staff", "")}))


async def page_of(round_id: int) -> Any:
    """The round's ballot page."""
    from ballots.box import services

    found = await services.ballot_page(round_id)
    assert found is not None
    return found


async def entered(voting: VotingRound, by: Account, choices: list[tuple[str, ...]]) -> int:
    """A pending batch with one ballot per code of the round (in order), entered by `by`."""
    from ballots.box import paper
    from ballots.counting.model import Ballot

    inputs = [
        paper.PaperInput(code, Ballot(projects=chosen))
        for code, chosen in zip(voting.codes, choices, strict=False)
    ]
    answer = await paper.enter_batch(await page_of(voting.id), staff(by), "Stembus", inputs)
    assert answer.ok and answer.value is not None, answer.problems
    return answer.value


async def state(round_id: int, batch_id: int) -> tuple[str, int, int, int, int]:
    """(batch status, its entries, its voters, paper ballots in the box, confirm events)."""
    from app.audit.tables import AuditEvent
    from ballots.box.tables import PaperBatch, PaperEntry, PaperVoter, SealedBallot

    row = await PaperBatch.select(PaperBatch.status).where(PaperBatch.id == batch_id).first()
    return (
        "" if row is None else str(row["status"]),
        await PaperEntry.count().where(PaperEntry.batch == batch_id),
        await PaperVoter.count().where(PaperVoter.batch == batch_id),
        await SealedBallot.count().where(
            (SealedBallot.round == round_id) & (SealedBallot.channel == "paper")
        ),
        await AuditEvent.count().where(
            (AuditEvent.action == "paper_batch.confirmed")
            & (AuditEvent.payload.like(f'%"batch":{batch_id}}}%'))
        ),
    )


async def test_a_voter_who_voted_online_meanwhile_refuses_the_whole_batch(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Nothing of the batch is written: no ballot, no participation, still pending."""
    from ballots.box import paper, services
    from ballots.counting.model import Ballot

    voting = await voting_round(codes=3)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    batch_id = await entered(voting, first, [("P1",), ("P2",), ("P3",)])
    page = await page_of(voting.id)
    check = await services.verify_code(voting.id, voting.codes[2], "10.0.0.9")
    assert check.voter is not None
    online = await services.cast_ballot(page, check.voter, Ballot(projects=("P4",)))
    assert online.ok, online.problems
    answer = await paper.confirm_batch(page, staff(second), batch_id)
    assert answer.reason == "_conflict"
    assert answer.message == _("A voter of this batch has voted in the meantime.")
    assert await counts(voting.id) == (1, 1)
    assert await state(voting.id, batch_id) == ("pending", 3, 3, 0, 0)


async def test_a_code_revoked_meanwhile_refuses_the_whole_batch(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """A code voided while its batch waits: the confirmation stores nothing."""
    from app.runtime import current_settings
    from ballots.box import codes, issuing, paper
    from ballots.box.tables import VotingCode

    voting = await voting_round(codes=2)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    batch_id = await entered(voting, first, [("P1",), ("P2",)])
    normalised = codes.normalise(voting.codes[1])
    assert normalised is not None
    hashed = codes.code_hash(current_settings().secret_key, normalised)
    code = await VotingCode.select(VotingCode.id).where(VotingCode.code_hash == hashed).first()
    assert code is not None
    assert (await issuing.void_code(int(code["id"]), actor="test", reason="lost")).ok
    answer = await paper.confirm_batch(await page_of(voting.id), staff(second), batch_id)
    assert answer.message == _("A voting code of this batch is no longer valid.")
    assert await counts(voting.id) == (0, 0)
    assert await state(voting.id, batch_id) == ("pending", 2, 2, 0, 0)


async def test_two_staff_confirming_at_once_cast_the_batch_once(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """One confirmation wins; the other is told the batch is confirmed; one set of ballots."""
    from ballots.box import paper

    voting = await voting_round(codes=3)
    enterer = await make_user(role="staff")
    second, third = await make_user(role="staff"), await make_user(role="staff")
    batch_id = await entered(voting, enterer, [("P1",), ("P2",), ("P1", "P3")])
    page = await page_of(voting.id)
    answers = await asyncio.gather(
        paper.confirm_batch(page, staff(second), batch_id),
        paper.confirm_batch(page, staff(third), batch_id),
    )
    assert sorted(a.ok for a in answers) == [False, True]
    [lost] = [a for a in answers if not a.ok]
    assert lost.message == _("This batch has already been confirmed.")
    assert await counts(voting.id) == (3, 3)
    assert await state(voting.id, batch_id) == ("confirmed", 0, 0, 3, 1)


async def test_the_enterer_cannot_confirm_and_a_confirmation_is_audited_in_the_chain(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Four eyes: the enterer is refused; the confirmation's event keeps the chain valid."""
    from app.audit.services import verify_chain
    from ballots.box import paper
    from ballots.box.tables import PaperBatch

    voting = await voting_round(codes=2)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    batch_id = await entered(voting, first, [("P1",), ()])
    page = await page_of(voting.id)
    mine = await paper.confirm_batch(page, staff(first), batch_id)
    assert mine.message == _("A second staff member must confirm this batch, not you.")
    assert await state(voting.id, batch_id) == ("pending", 2, 2, 0, 0)
    answer = await paper.confirm_batch(page, staff(second), batch_id)
    assert answer.ok and answer.value == 2
    assert await state(voting.id, batch_id) == ("confirmed", 0, 0, 2, 1)
    row = await PaperBatch.select().where(PaperBatch.id == batch_id).first()
    assert row is not None and row["confirmed_by"] == second.id
    assert row["confirmed_at"] is not None
    assert (await verify_chain()).ok


async def test_a_broken_write_is_not_reported_as_already_voted(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Only a duplicate key means "voted meanwhile"; another failure surfaces, nothing stored."""
    from app.db import is_duplicate
    from ballots.box import paper, store

    voting = await voting_round(codes=1)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    batch_id = await entered(voting, first, [("P1",)])
    page = await page_of(voting.id)
    job = await paper._job(page, second.id, batch_id, datetime.now(UTC))
    [voter] = job.voters
    broken = store.BatchJob(  # a NULL where the table wants a value: not a duplicate key
        job.round_id,
        job.batch_id,
        job.staff_id,
        (store.BatchVoter(voter.voter_key, voter.code_hash, cast(str, None), voter.voted_on),),
        job.ballots,
        job.now,
    )
    with pytest.raises((sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)) as err:
        await (await store.backend()).submit_batch(broken)
    assert not is_duplicate(err.value)
    assert await counts(voting.id) == (0, 0)
    assert await state(voting.id, batch_id) == ("pending", 1, 1, 0, 0)


HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _shape(row: dict[str, Any]) -> dict[str, object]:
    """A stored row with its values replaced by what they look like (the channel aside)."""
    shaped: dict[str, object] = {}
    for name, value in row.items():
        if name == "channel":
            continue
        text = str(value)
        if HEX32.match(text):
            shaped[name] = "hex32"
        elif HEX64.match(text):
            shaped[name] = "hex64"
        elif name in ("sealed", "voter_key"):
            shaped[name] = ("text", len(text))
        else:
            shaped[name] = (type(value).__name__, text if name != "voter_key" else "")
    return shaped


async def test_paper_and_online_sealed_rows_have_one_shape(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """A paper ballot's stored rows look exactly like an online ballot's, but for the channel."""
    from ballots.box import paper, services
    from ballots.box.tables import Participation, SealedBallot
    from ballots.counting.model import Ballot

    voting = await voting_round(codes=2)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    batch_id = await entered(voting, first, [("P2",)])
    page = await page_of(voting.id)
    assert (await paper.confirm_batch(page, staff(second), batch_id)).ok
    check = await services.verify_code(voting.id, voting.codes[1], "10.0.0.8")
    assert check.voter is not None
    cast_online = await services.cast_ballot(page, check.voter, Ballot(projects=("P2",)))
    assert cast_online.ok, cast_online.problems
    ballots = await SealedBallot.select().where(SealedBallot.round == voting.id)
    by_channel = {str(row["channel"]): _shape(row) for row in ballots}
    assert set(by_channel) == {"paper", "online"}
    assert by_channel["paper"] == by_channel["online"]
    assert by_channel["paper"]["token_hash"] == ("str", "")
    voters = await Participation.select().where(Participation.round == voting.id)
    shapes = {str(row["channel"]): _shape(row) for row in voters}
    assert set(shapes) == {"paper", "online"} and shapes["paper"] == shapes["online"]


async def test_a_broken_batch_fails_alone_beside_the_casts_of_its_group_commit(
    voting_round: MakeRound, make_user: MakeUser
) -> None:
    """SQLite's writer commits casts and a batch from one queue: a batch's failure reaches only
    its own caller, and the casts committed beside it keep their receipts."""
    import secrets

    from app.db import BOUND_SETTINGS, is_sqlite
    from ballots.box import codes, paper, store
    from ballots.box.store_sqlite import commit_all
    from ballots.box.store_sqlite_sql import connect

    if not is_sqlite():
        pytest.skip("the group commit of casts and batches is SQLite's writer")
    voting = await voting_round(codes=1)
    first, second = await make_user(role="staff"), await make_user(role="staff")
    batch_id = await entered(voting, first, [("P1",)])
    job = await paper._job(await page_of(voting.id), second.id, batch_id, datetime.now(UTC))
    [voter] = job.voters
    broken = store.BatchJob(
        job.round_id,
        job.batch_id,
        job.staff_id,
        (store.BatchVoter(voter.voter_key, voter.code_hash, cast(str, None), voter.voted_on),),
        job.ballots,
        job.now,
    )
    online = store.CastJob(
        round_id=voting.id,
        voter_key=secrets.token_hex(16),
        code_hash=None,
        buurt_code="",
        voted_on=job.now.date(),
        ballot=store.NewBallot(
            codes.new_ballot_id(), "sealed", secrets.token_hex(32), "", "online"
        ),
        now=job.now,
    )
    conn = connect(BOUND_SETTINGS.sqlite_path)
    try:
        cast_result, batch_result = commit_all(conn, [online, broken])
    finally:
        conn.close()
    assert cast_result == store.Stored(store.CAST, online.ballot.sealed_hash)
    assert isinstance(batch_result, sqlite3.IntegrityError)
    assert await counts(voting.id) == (1, 1)
    assert await state(voting.id, batch_id) == ("pending", 1, 1, 0, 0)
