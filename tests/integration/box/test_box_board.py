"""The public board: only a count while voting runs; receipts, choices and CSV after the close."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_cast import vote
from tests.support.box import open_box

MakeRound = Callable[..., Awaitable[VotingRound]]
RECEIPT = re.compile(r'data-testid="receipt">([^<]+)<')


async def close(round_id: int) -> None:
    """Move the round to counting, as `wijkstem rounds advance` does, and open the box."""
    from app.rounds.tables import Round
    from ballots.box import services

    await Round.update({Round.phase: "counting"}).where(Round.id == round_id)
    services.forget_caches()
    await open_box(round_id)


async def test_the_board_shows_only_a_count_while_voting(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """During voting: the number of ballots, no receipt, and no CSV."""
    voting = await voting_round(codes=2)
    cast = await vote(client, voting.id, voting.codes[0], ["P2"])
    receipt = RECEIPT.search(cast.text)
    assert receipt is not None
    board = await client.get(f"/stemmen/{voting.id}/bord")
    assert board.status_code == 200 and 'data-testid="board-waiting"' in board.text
    assert receipt.group(1) not in board.text and ">1.<" not in board.text
    assert (
        await client.get(f"/stemmen/{voting.id}/bord?bon={receipt.group(1)}")
    ).status_code == 200
    assert receipt.group(1) not in (await client.get(f"/stemmen/{voting.id}/bord?bon=x")).text
    assert (await client.get(f"/stemmen/{voting.id}/bord.csv")).status_code == 404


async def test_after_the_close_every_receipt_is_listed_and_findable(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """After the close: receipts with choices, a search by receipt, and the CSV."""
    voting = await voting_round(codes=2)
    receipts = []
    for code, choice in zip(voting.codes, ["P1", "P3"], strict=True):
        found = RECEIPT.search((await vote(client, voting.id, code, [choice])).text)
        assert found is not None
        receipts.append(found.group(1))
    await close(voting.id)
    board = await client.get(f"/stemmen/{voting.id}/bord")
    assert all(r in board.text for r in receipts) and "Project P3" in board.text
    mine = await client.get(f"/stemmen/{voting.id}/bord?bon={receipts[0].lower()}")
    assert 'data-testid="board-found"' in mine.text and receipts[1] not in mine.text
    missing = await client.get(f"/stemmen/{voting.id}/bord?bon=AAAAA-AAAAA")
    assert 'data-testid="board-not-found"' in missing.text
    csv = await client.get(f"/stemmen/{voting.id}/bord.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0] == "receipt,choices,ballot_json,unverified_poll" and len(lines) == 3
    assert any(receipts[1] in line and "Project P3" in line for line in lines)


SEALED = re.compile(r'data-testid="sealed-hash">((?:[0-9a-f]{8}<wbr>){8})<')


async def test_while_sealed_a_voter_finds_the_fingerprint_of_their_sealed_ballot(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """During voting the board lists sealed fingerprints; the one on a receipt is found."""
    voting = await voting_round(codes=2)
    found = SEALED.search((await vote(client, voting.id, voting.codes[0], ["P2"])).text)
    assert found is not None
    fingerprint = found.group(1).replace("<wbr>", "")  # break points for narrow screens
    board = await client.get(f"/stemmen/{voting.id}/bord")
    assert found.group(1) in board.text
    mine = await client.get(f"/stemmen/{voting.id}/bord?bon={fingerprint}")
    assert 'data-testid="board-sealed-found"' in mine.text
    other = await client.get(f"/stemmen/{voting.id}/bord?bon={'0' * 64}")
    assert 'data-testid="board-sealed-not-found"' in other.text
