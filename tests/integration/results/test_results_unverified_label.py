"""A round without a voter register is labelled an "unverified poll" wherever it or its outcome
shows; the demo's rounds all vote with a register, so none of them carries the label.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.integration.box.conftest import create_round
from tests.support.web import DEFAULT_PASSWORD

BADGE = 'data-testid="unverified-badge"'
NOTICE = 'data-testid="unverified-poll"'
DEMO_PAST_REGISTER = (
    "Wijkbudget Paddepoel 2026",
    "Wijkbudget Vinkhuizen 2026",
    "Dorpsbudget Haren 2026",
    "Buurtbudget De Wijert 2026",
    "Binnenstadsbudget 2026",
)
Counted = Callable[..., Awaitable[tuple[int, int]]]
MakeUser = Callable[..., Awaitable[Any]]


def _row_of(page: str, round_id: int) -> str:
    found = re.search(rf'<tr>\s*<th scope="row"><a href="/rondes/{round_id}">.*?</tr>', page, re.S)
    assert found is not None, f"round {round_id} is not in the list"
    return found.group(0)


def _card_of(page: str, round_id: int) -> str:
    found = re.search(
        rf'<(?:li|article) class="card[^"]*"[^>]*data-round="{round_id}".*?</(?:li|article)>',
        page,
        re.S,
    )
    assert found is not None, f"round {round_id} has no card"
    return found.group(0)


async def _certified_poll(counted_round: Counted, make_user: MakeUser) -> int:
    """A round that voted without a register, counted and certified by two certifiers."""
    from app.accounts.permissions import Principal
    from ballots.results import services

    round_id, result_id = await counted_round([["P1"], ["P1", "P2"], ["P3"]])
    first, second = await make_user("certifier"), await make_user("certifier")
    people = [
        Principal(id=a.id, email=a.email, grants=frozenset({("certifier", "")}))
        for a in (first, second)
    ]
    assert (await services.approve_result(people[0], round_id, result_id)).ok
    assert (await services.approve_result(people[1], round_id, result_id, DEFAULT_PASSWORD)).ok
    return round_id


async def test_every_demo_round_past_proposing_votes_with_a_register(
    client: httpx.AsyncClient,
) -> None:
    """The demo shows the real flow: a register in every round that voted, no poll label."""
    from app.demo import load_demo
    from app.rounds import queries as round_queries
    from ballots.box import queries as box
    from ballots.register import queries as register

    await load_demo()
    ids = {view.title: view.id for view in await round_queries.rounds_list()}
    listed = (await client.get("/rondes")).text
    for title in DEMO_PAST_REGISTER:
        assert await register.source_kind(ids[title]) == register.REGISTER, title
        assert BADGE not in _row_of(listed, ids[title]), title
    for title in DEMO_PAST_REGISTER[2:]:  # counted: 40 of the register's people voted
        assert await box.ballots_cast(ids[title]) == 40, title
        result = (await client.get(f"/rondes/{ids[title]}/uitslag")).text
        assert NOTICE not in result, title
    haren = (await client.get(f"/rondes/{ids['Dorpsbudget Haren 2026']}/uitslag")).text
    assert 'data-testid="certificate-eligibility" data-kind="register"' in haren
    harenarea = (await client.get("/gebieden/WK001418")).text
    assert BADGE not in harenarea


async def test_an_unverified_poll_is_labelled_on_every_page_and_file(
    client: httpx.AsyncClient, counted_round: Counted, make_user: MakeUser
) -> None:
    """Round list, home card, area page, result, certificate, board CSV and open data."""
    from app.rounds.queries import round_by_id

    poll = await _certified_poll(counted_round, make_user)
    voting = await create_round()  # voting opened without a register: a poll as well
    view = await round_by_id(poll)
    assert view is not None
    listed = (await client.get("/rondes")).text
    assert BADGE in _row_of(listed, poll) and BADGE in _row_of(listed, voting)
    assert "Niet-gecontroleerde peiling" in listed
    home = (await client.get("/")).text
    assert BADGE in _card_of(home, voting)
    area = (await client.get(f"/gebieden/{view.area_code}")).text
    assert BADGE in _card_of(area, poll)
    result = (await client.get(f"/rondes/{poll}/uitslag")).text
    assert NOTICE in result
    assert 'data-testid="certificate-eligibility" data-kind="unverified"' in result
    board = (await client.get(f"/stemmen/{poll}/bord.csv")).text
    rows = list(csv.DictReader(io.StringIO(board)))
    assert len(rows) == 3 and {row["unverified_poll"] for row in rows} == {"true"}
    assert (await client.get(f"/api/v1/rounds/{poll}")).json()["unverified_poll"] is True
    assert (await client.get(f"/api/v1/results/{poll}")).json()["unverified_poll"] is True
    table = (await client.get("/open-data/rounds.csv")).text
    found = {row["id"]: row for row in csv.DictReader(io.StringIO(table))}
    assert found[str(poll)]["unverified_poll"] == "true"


async def test_a_register_round_board_csv_says_it_is_not_a_poll(
    client: httpx.AsyncClient,
) -> None:
    """The board CSV of a demo round that voted with the register: unverified_poll false."""
    from app.demo import load_demo
    from app.rounds import queries as round_queries

    await load_demo()
    ids = {view.title: view.id for view in await round_queries.rounds_list()}
    board = await client.get(f"/stemmen/{ids['Dorpsbudget Haren 2026']}/bord.csv")
    rows = list(csv.DictReader(io.StringIO(board.text)))
    assert len(rows) == 40 and {row["unverified_poll"] for row in rows} == {"false"}
