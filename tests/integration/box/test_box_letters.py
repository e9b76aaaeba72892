"""Letters: staff download codes once (PDF, CSV, ZIP), nothing stores them; void and reissue."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from pypdf import PdfReader

from tests.integration.box.conftest import VotingRound
from tests.support.web import Account, csrf_token, login, post_form

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]
CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")


def pdf_codes(body: bytes) -> list[str]:
    """The voting code printed on each page of a letters PDF."""
    reader = PdfReader(io.BytesIO(body))
    found = []
    for page in reader.pages:
        codes = CODE.findall(page.extract_text())
        assert len(codes) == 1, codes
        found.append(codes[0])
    return found


async def upload(
    client: httpx.AsyncClient, round_id: int, data: dict[str, str], csv_text: str = ""
) -> Any:
    """Post the codes form as multipart, optionally with an address file."""
    token = await csrf_token(client)
    files = {"addresses": ("adressen.csv", csv_text.encode(), "text/csv")} if csv_text else None
    return await client.post(
        f"/beheer/stemmen/{round_id}/codes",
        data={"_csrf_token": token, **data},
        files=files or {"addresses": ("", b"", "application/octet-stream")},
    )


async def confirm_as_second_staff(
    client: httpx.AsyncClient, make_user: MakeUser, round_id: int
) -> None:
    """Log in as another staff member and confirm every pending request on the codes page."""
    import re

    await login(client, await make_user(role="staff"))
    page = await client.get(f"/beheer/stemmen/{round_id}/codes")
    batches = re.findall(r'data-testid="codes-confirm-([0-9a-f]+)"', page.text)
    assert batches, "nothing awaits confirmation"
    for batch in batches:
        done = await post_form(client, f"/beheer/stemmen/{round_id}/codes/bevestigen/{batch}")
        assert done.status_code == 303


async def everything_stored(round_id: int) -> str:
    """Every stored value of the round's codes and of the audit chain, as one text."""
    from app.audit.tables import AuditEvent
    from ballots.box.tables import VotingCode

    codes = await VotingCode.select().where(VotingCode.round == round_id)
    events = await AuditEvent.select()
    return repr(codes) + repr(events)


async def test_staff_download_letters_one_page_per_code(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """N codes give N pages with one code each; the codes work; no table holds them."""
    from ballots.box import services

    voting = await voting_round(codes=0)
    await login(client, await make_user(role="staff"))
    page = await client.get(f"/beheer/stemmen/{voting.id}/codes")
    assert page.status_code == 200 and 'data-testid="codes-once"' in page.text
    response = await upload(client, voting.id, {"count": "3", "output": "pdf"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    codes = pdf_codes(response.content)
    assert len(codes) == 3 and len(set(codes)) == 3
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert f"/stemmen/{voting.id}" in text and "Testronde" in text
    for code in codes:  # without an address: pending until a second staff member confirms
        check = await services.verify_code(voting.id, code, "letters-test")
        assert check.outcome == services.PENDING
    await confirm_as_second_staff(client, make_user, voting.id)
    for code in codes:
        check = await services.verify_code(voting.id, code, "letters-test")
        assert check.outcome == services.OK
    stored = await everything_stored(voting.id)
    assert not any(code in stored or code.replace("-", "") in stored for code in codes)


async def test_addresses_give_addressed_letters_and_a_mailing_file(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """An address CSV gives one letter per address; the ZIP holds the PDF and the CSV."""
    voting = await voting_round(codes=0)
    await login(client, await make_user(role="staff"))
    addresses = "postcode;huisnummer;naam\n9712 AB;1;A. Jansen\n9712AC;2b;\n"
    response = await upload(client, voting.id, {"count": "", "output": "zip"}, addresses)
    assert response.status_code == 200, response.text
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(bundle.namelist())
    assert [n.rsplit(".", 1)[1] for n in names] == ["csv", "pdf"]
    pdf = bundle.read(names[1])
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "A. Jansen" in first and "9712 AB" in first
    rows = bundle.read(names[0]).decode().splitlines()
    assert rows[0].startswith("code,name,postcode,house_number")
    assert sorted(row.split(",")[0] for row in rows[1:]) == sorted(pdf_codes(pdf))


async def test_a_bsn_column_or_bad_input_is_refused_and_nothing_issued(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """A BSN column, no count and no file, or a resident asking: nothing is issued."""
    from ballots.box.tables import VotingCode

    voting = await voting_round(codes=0)
    staff = await make_user(role="staff")
    await login(client, staff)
    bsn = "postcode,house_number,bsn\n9712AB,1,123456782\n"
    refused = await upload(client, voting.id, {"count": "", "output": "pdf"}, bsn)
    assert refused.status_code == 400 and "BSN" in refused.text
    nothing = await upload(client, voting.id, {"count": "0", "output": "pdf"})
    assert nothing.status_code == 400
    assert await VotingCode.count().where(VotingCode.round == voting.id) == 0
    client.cookies.clear()
    await login(client, await make_user())
    assert (await client.get(f"/beheer/stemmen/{voting.id}/codes")).status_code == 403
    forbidden = await upload(client, voting.id, {"count": "2", "output": "pdf"})
    assert forbidden.status_code == 403
    assert await VotingCode.count().where(VotingCode.round == voting.id) == 0


async def test_void_and_reissue_are_audited(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    """Voiding stops a code; reissuing downloads one new letter whose code works."""
    from app.audit.tables import AuditEvent
    from ballots.box import queries, services

    voting = await voting_round(codes=2)
    await login(client, await make_user(role="staff"))
    first, second = await queries.round_codes(voting.id)
    base = f"/beheer/stemmen/{voting.id}/codes"
    voided = await post_form(client, f"{base}/{first['id']}/intrekken", {"reason": "lost"})
    assert voided.status_code == 303
    again = await post_form(client, f"{base}/{first['id']}/intrekken")
    assert again.status_code == 409
    reissued = await post_form(client, f"{base}/{second['id']}/opnieuw")
    assert reissued.status_code == 200 and reissued.headers["content-type"] == "application/pdf"
    [new_code] = pdf_codes(reissued.content)
    assert (await services.verify_code(voting.id, voting.codes[0], "t")).outcome == "voided"
    assert (await services.verify_code(voting.id, voting.codes[1], "t")).outcome == "voided"
    assert (await services.verify_code(voting.id, new_code, "t")).outcome == services.PENDING
    await confirm_as_second_staff(client, make_user, voting.id)
    assert (await services.verify_code(voting.id, new_code, "t")).outcome == services.OK
    actions = {e["action"] for e in await AuditEvent.select(AuditEvent.action)}
    assert {"voting_codes.voided", "voting_codes.reissued"} <= actions
