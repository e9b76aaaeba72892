"""One staff member alone cannot add a ballot: every path of issue 10's repro is refused.

Desk votes for made-up residents, codes without an address, reissued codes, reissue through
another round's URL, confirming one's own requests: each needs a second staff member.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_accounts import postcode_for
from tests.integration.box.test_box_cast import counts, start
from tests.integration.box.test_box_letters import pdf_codes, upload
from tests.support.web import Account, login, post_form

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]
REFERENCE = re.compile(r'data-testid="desk-reference">(D-[0-9A-Z]{4}-[0-9A-Z]{4})<')
BATCH = re.compile(r'data-testid="codes-confirm-([0-9a-f]+)"')


async def test_one_staff_member_alone_adds_no_ballot_on_any_path(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    from ballots.box.tables import DeskRegistration, VotingCode

    voting = await voting_round(codes=2)
    other = await voting_round(codes=1)
    await login(client, await make_user(role="staff"))
    postcode = await postcode_for(voting.id)

    # 1. Desk-register three made-up residents and try to cast for them.
    for number in ("1", "2", "3"):
        desk = await post_form(
            client,
            f"/beheer/stemmen/{voting.id}/balie",
            {"name": f"Verzonnen {number}", "postcode": postcode, "house_number": number},
        )
        found = REFERENCE.search(desk.text)
        assert found is not None and 'data-testid="desk-pending"' in desk.text
        base = f"/beheer/stemmen/{voting.id}/balie/{found.group(1)}"
        assert (await client.get(base)).status_code == 404
        cast = await post_form(client, f"{base}/uitbrengen", {"choice": ["P1"]})
        assert cast.status_code == 404
    for row in await DeskRegistration.select(DeskRegistration.id).where(
        DeskRegistration.round == voting.id
    ):
        own = await post_form(client, f"/beheer/stemmen/{voting.id}/balie-bevestigen/{row['id']}")
        assert own.status_code == 403

    # 2. Generate codes without an address and vote with them; confirm one's own request.
    made = await upload(client, voting.id, {"count": "2", "output": "pdf"})
    assert made.status_code == 200
    for code in pdf_codes(made.content):
        assert (await start(client, voting.id, code)).status_code == 400
    page = await client.get(f"/beheer/stemmen/{voting.id}/codes")
    for batch in BATCH.findall(page.text):
        own = await post_form(client, f"/beheer/stemmen/{voting.id}/codes/bevestigen/{batch}")
        assert own.status_code == 403

    # 3. Reissue an issued code: the new one waits; the old one no longer votes.
    first_id, second_id = [
        int(row["id"])
        for row in await VotingCode.select(VotingCode.id)
        .where((VotingCode.round == voting.id) & (VotingCode.status == "issued"))
        .order_by(VotingCode.id)
    ][:2]
    codes_url = f"/beheer/stemmen/{voting.id}/codes"
    reissued = await post_form(client, f"{codes_url}/{first_id}/opnieuw")
    assert reissued.status_code == 200
    [new_code] = pdf_codes(reissued.content)
    assert (await start(client, voting.id, new_code)).status_code == 400

    # 4. Reissuing the now voided code again leaves no second live code for the address.
    twice = await post_form(client, f"{codes_url}/{first_id}/opnieuw")
    assert twice.status_code == 409
    assert "application/pdf" not in twice.headers["content-type"]

    # 5. Reissue through another round's URL: refused before anything is written.
    before = await VotingCode.select(VotingCode.id, VotingCode.status).order_by(VotingCode.id)
    wrong = await post_form(client, f"/beheer/stemmen/{other.id}/codes/{second_id}/opnieuw")
    assert wrong.status_code == 409
    voided = await post_form(client, f"/beheer/stemmen/{other.id}/codes/{second_id}/intrekken")
    assert voided.status_code == 409
    assert before == await VotingCode.select(VotingCode.id, VotingCode.status).order_by(
        VotingCode.id
    )

    assert await counts(voting.id) == (0, 0)
    assert await counts(other.id) == (0, 0)
    live = await VotingCode.count().where(
        (VotingCode.round == voting.id) & (VotingCode.status == "issued")
    )
    assert live == 1  # only the untouched fixture code
