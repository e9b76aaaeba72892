"""A round without a voter register is labelled an "unverified poll" wherever its outcome shows.

The demo has both kinds: Paddepoel votes with the register; Vinkhuizen (counting) and Haren
(certified) ran without one. Lists, the result page, the certificate and open data say so.
"""

from __future__ import annotations

import csv
import io
import re

import httpx

BADGE = 'data-testid="unverified-badge"'


async def _demo_ids() -> dict[str, int]:
    from app.demo import load_demo
    from app.rounds import queries as round_queries

    await load_demo()
    return {view.title: view.id for view in await round_queries.rounds_list()}


def _row_of(page: str, round_id: int) -> str:
    row = rf'<tr>\s*<th scope="row"[^>]*><a href="/rondes/{round_id}">.*?</tr>'
    found = re.search(row, page, re.S)
    assert found is not None, f"round {round_id} is not in the list"
    return found.group(0)


async def test_round_lists_and_home_cards_label_unverified_polls_only(
    client: httpx.AsyncClient,
) -> None:
    ids = await _demo_ids()
    listed = (await client.get("/rondes")).text
    assert BADGE in _row_of(listed, ids["Dorpsbudget Haren 2026"])
    assert BADGE in _row_of(listed, ids["Wijkbudget Vinkhuizen 2026"])
    assert BADGE not in _row_of(listed, ids["Wijkbudget Paddepoel 2026"])
    assert BADGE not in _row_of(listed, ids["Buurtbudget Oosterpark 2026"])  # register, proposing
    assert "Niet-gecontroleerde peiling" in listed
    home = (await client.get("/")).text
    cards = re.findall(r'<li class="card round-card".*?</li>', home, re.S)
    vinkhuizen = next(c for c in cards if f'data-round="{ids["Wijkbudget Vinkhuizen 2026"]}"' in c)
    paddepoel = next(c for c in cards if f'data-round="{ids["Wijkbudget Paddepoel 2026"]}"' in c)
    assert BADGE in vinkhuizen and BADGE not in paddepoel


async def test_the_result_page_and_certificate_say_unverified_poll(
    client: httpx.AsyncClient,
) -> None:
    ids = await _demo_ids()
    haren = (await client.get(f"/rondes/{ids['Dorpsbudget Haren 2026']}/uitslag")).text
    assert 'data-testid="unverified-poll"' in haren
    assert 'data-testid="certificate-eligibility" data-kind="unverified"' in haren
    assert 'data-testid="certificate-key-id"' in haren
    paddepoel = (await client.get(f"/rondes/{ids['Wijkbudget Paddepoel 2026']}/uitslag")).text
    assert 'data-testid="unverified-poll"' not in paddepoel


async def test_open_data_marks_unverified_polls_in_json_and_csv(
    client: httpx.AsyncClient,
) -> None:
    ids = await _demo_ids()
    haren, paddepoel = ids["Dorpsbudget Haren 2026"], ids["Wijkbudget Paddepoel 2026"]
    assert (await client.get(f"/api/v1/rounds/{haren}")).json()["unverified_poll"] is True
    assert (await client.get(f"/api/v1/rounds/{paddepoel}")).json()["unverified_poll"] is False
    listed = (await client.get("/api/v1/rounds?area=WK001418")).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert {item["id"]: item["unverified_poll"] for item in items}[haren] is True
    assert (await client.get(f"/api/v1/results/{haren}")).json()["unverified_poll"] is True
    table = (await client.get("/open-data/rounds.csv")).text
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(table))}
    assert rows[str(haren)]["unverified_poll"] == "true"
    assert rows[str(paddepoel)]["unverified_poll"] == "false"
