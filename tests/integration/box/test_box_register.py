"""One resident, one vote across letter, account and desk, from the round's voter register.

Repros of issue 10: three new accounts with a postcode in the area voted three times; one
resident voted with their account and again with their letter code; a postcode change gave a
vote in another area's round.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_accounts import account_vote, postcode_for
from tests.integration.box.test_box_cast import counts, start
from tests.integration.box.test_box_letters import pdf_codes
from tests.support.web import Account, csrf_token, login, post_form

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]
BSN = "111222333"  # passes the eleven test; made up
REFERENCE = re.compile(r'data-testid="desk-reference">(D-[0-9A-Z]{4}-[0-9A-Z]{4})<')


def extract(digits: str) -> str:
    """A register extract for the round's postcode range: two residents, one secret."""
    return (
        "postcode,house_number,house_letter,name,birth_date,bsn,secret\n"
        f"{digits}AB,1,,Anna de Boer,1980-01-02,{BSN},no\n"
        f"{digits}AB,2,a,Bram Smit,1975-05-06,,no\n"
        f"{digits}AC,3,,Geheim Persoon,1990-03-04,,yes\n"
        f"{digits}AC,4,,Te Jong,2020-03-04,,no\n"
    )


async def register_round(voting_round: MakeRound) -> tuple[int, str]:
    """A round with a register imported before voting opened; (round id, postcode digits)."""
    from app.rounds.tables import Round
    from ballots.box import services
    from ballots.register import services as register

    round_id = (await voting_round(codes=0)).id
    postcode = await postcode_for(round_id)
    await Round.update({Round.phase: "deliberating"}).where(Round.id == round_id)
    answer = await register.import_register(round_id, extract(postcode[:4]), actor="test")
    assert answer.value is not None, answer
    assert (answer.value.imported, answer.value.too_young) == (3, 1)
    await Round.update({Round.phase: "voting"}).where(Round.id == round_id)
    services.forget_caches()
    return round_id, postcode[:4]


async def test_a_bad_extract_is_reported_by_line_and_nothing_is_imported(
    voting_round: MakeRound,
) -> None:
    from app.answer import CONFLICT
    from app.rounds.tables import Round
    from ballots.register import services as register
    from ballots.register.tables import RegisterEntry

    round_id = (await voting_round(codes=0)).id
    await Round.update({Round.phase: "deliberating"}).where(Round.id == round_id)
    bad = (
        "postcode,house_number,house_letter,name,birth_date,bsn\n"
        "9712AB,1,,Anna,1980-01-02,123456789\n"
        "97XX,2,,Bram,1975-05-06,\n"
        "9712AB,3,,,30-04-2001,\n"
    )
    result = await register.import_register(round_id, bad, actor="test")
    lines = [int(key.split(".")[1]) for key in result.problems]
    assert not result.ok and lines == [2, 3, 4, 4], result
    assert "123456789" not in " ".join(result.problems.values())  # a BSN is never echoed
    assert await RegisterEntry.count().where(RegisterEntry.round == round_id) == 0
    await Round.update({Round.phase: "voting"}).where(Round.id == round_id)
    opened = await register.import_register(round_id, extract("9712"), actor="test")
    assert list(opened.problems) == [CONFLICT], opened


async def test_the_register_keeps_person_keys_never_a_bsn(voting_round: MakeRound) -> None:
    from ballots.register.tables import RegisterEntry

    round_id, _digits = await register_round(voting_round)
    stored = repr(await RegisterEntry.select().where(RegisterEntry.round == round_id))
    assert BSN not in stored and "1980-01-02" not in stored
    keys = {row["person_key"] for row in await RegisterEntry.select(RegisterEntry.person_key)}
    assert all(len(key) == 64 for key in keys)


async def test_new_accounts_with_a_postcode_in_the_area_cannot_vote(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    round_id, digits = await register_round(voting_round)
    for _ in range(3):
        client.cookies.clear()
        await login(client, await make_user(postcode=f"{digits}AB"))
        page = await client.get(f"/stemmen/{round_id}/met-account")
        assert page.status_code == 403 and 'data-reason="not_bound"' in page.text
        cast = await post_form(
            client,
            f"/stemmen/{round_id}/met-account/uitbrengen",
            {"age_confirmed": "yes", "choice": ["P1"]},
        )
        assert cast.status_code == 403
    assert await counts(round_id) == (0, 0)


async def test_letter_and_account_are_one_vote(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    round_id, _digits = await register_round(voting_round)
    await login(client, await make_user(role="staff"))
    letters = await post_form(client, f"/beheer/stemmen/{round_id}/codes/register")
    assert letters.status_code == 200, letters.text
    anna, bram = pdf_codes(letters.content)  # the secret entry gets no letter
    again = await post_form(client, f"/beheer/stemmen/{round_id}/codes/register")
    assert again.status_code == 409
    client.cookies.clear()
    await login(client, await make_user(postcode="1011AB"))  # a postcode elsewhere: irrelevant
    bound = await post_form(client, f"/stemmen/{round_id}/met-account/koppelen", {"code": anna})
    assert bound.status_code == 303
    cast = await account_vote(client, round_id, {"choice": ["P1"]})
    assert cast.status_code == 200 and 'data-testid="receipt"' in cast.text
    assert await counts(round_id) == (1, 1)
    other = httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url))
    async with other:
        letter = await start(other, round_id, anna)  # refused at once, before any ballot
        assert letter.status_code == 409 and 'data-testid="ballot-form"' not in letter.text
    assert await counts(round_id) == (1, 1)
    taken = await post_form(client, f"/stemmen/{round_id}/met-account/koppelen", {"code": bram})
    assert taken.status_code == 400  # this account stands for Anna already


async def test_the_desk_finds_the_person_in_the_register_and_counts_once(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    round_id, digits = await register_round(voting_round)
    await login(client, await make_user(role="staff"))
    letters = await post_form(client, f"/beheer/stemmen/{round_id}/codes/register")
    anna, _bram = pdf_codes(letters.content)
    desk = await post_form(
        client,
        f"/beheer/stemmen/{round_id}/balie",
        {"name": "Anna de Boer", "postcode": f"{digits}AB", "house_number": "1"},
    )
    found = REFERENCE.search(desk.text)
    assert found is not None and 'data-testid="desk-pending"' not in desk.text
    base = f"/beheer/stemmen/{round_id}/balie/{found.group(1)}"
    cast = await post_form(client, f"{base}/uitbrengen", {"choice": ["P1"]})
    assert cast.status_code == 200
    client.cookies.clear()
    letter = await start(client, round_id, anna)
    assert letter.status_code == 409 and 'data-testid="ballot-form"' not in letter.text
    assert await counts(round_id) == (1, 1)


async def test_the_register_upload_page_is_for_staff(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    from app.rounds.tables import Round

    round_id = (await voting_round(codes=0)).id
    await Round.update({Round.phase: "deliberating"}).where(Round.id == round_id)
    url = f"/beheer/stemmen/{round_id}/register"
    await login(client, await make_user())
    assert (await client.get(url)).status_code == 403
    client.cookies.clear()
    await login(client, await make_user(role="staff"))
    assert (await client.get(url)).status_code == 200
    token = await csrf_token(client)
    files: dict[str, Any] = {"extract": ("brp.csv", b"postcode,name\n9712AB,Anna\n", "text/csv")}
    bad = await client.post(url, data={"_csrf_token": token}, files=files)
    assert bad.status_code == 400 and 'data-testid="register-errors"' in bad.text
    poll = await post_form(client, f"{url}/peiling", {"confirm": "yes"})
    assert poll.status_code == 303
    shown = await client.get(url)
    assert 'data-kind="unverified"' in shown.text
    assert 'data-testid="unverified-poll"' in (await client.get(f"/rondes/{round_id}")).text
    await Round.update({Round.phase: "voting"}).where(Round.id == round_id)
    from ballots.box import services

    services.forget_caches()
    assert 'data-testid="unverified-poll"' in (await client.get(f"/stemmen/{round_id}")).text


async def test_the_demo_rounds_use_the_register_and_the_resident_is_bound() -> None:
    from app.accounts import queries as account_queries
    from app.demo import load_demo
    from app.rounds import queries as round_queries
    from ballots.register import queries
    from ballots.register.demo import RESIDENT

    await load_demo()
    kinds = {
        view.title: await queries.source_kind(view.id) for view in await round_queries.rounds_list()
    }
    assert kinds["Buurtbudget Oosterpark 2026"] == "register"
    assert kinds["Buurtbudget Selwerd 2026"] == "register"
    assert kinds["Wijkbudget Paddepoel 2026"] == "register"
    oosterpark = await round_queries.round_id_by_title("WK001403", "Buurtbudget Oosterpark 2026")
    assert oosterpark is not None
    user_id = await account_queries.user_id_by_email(RESIDENT[0])
    assert user_id is not None
    bound = await queries.bound_person(user_id, oosterpark)
    assert bound is not None
    assert await queries.entry_for_key(oosterpark, bound[0]) is not None


async def test_the_demo_voting_round_has_a_register_of_paddepoel_people_only() -> None:
    """Paddepoel votes with the register: its residents from the extract, not the young ones."""
    from app.demo import load_demo
    from app.rounds import queries as round_queries
    from ballots.register import queries, services

    await load_demo()
    paddepoel = await round_queries.round_id_by_title("WK001408", "Wijkbudget Paddepoel 2026")
    assert paddepoel is not None
    assert (await round_queries.round_by_id(paddepoel)).phase == "voting"  # type: ignore[union-attr]
    entries = await queries.entries(paddepoel, with_secret=True)
    assert len(entries) == 11 and {e.postcode[:4] for e in entries} == {"9742"}
    anouk = await queries.entry_for_key(paddepoel, services.key_for_bsn("718184324"))
    assert anouk is not None and anouk.name == "Anouk Bos"
    assert await queries.entry_for_key(paddepoel, services.key_for_bsn("264531942")) is None
