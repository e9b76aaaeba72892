"""The key ceremony and the opening on the web: staff start it, each certifier sees their
share once (with the password) and confirms; k shares typed on the page open the box."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.integration.box.conftest import create_round
from tests.integration.box.test_box_paper import as_user
from tests.support.web import DEFAULT_PASSWORD, post_form

MakeUser = Callable[..., Awaitable[Any]]
WORDS = re.compile(r'data-testid="key-share-words">([^<]+)<')


async def test_the_ceremony_hands_each_share_out_once_and_k_shares_open_the_box(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    """Staff start; a certifier needs the password, sees the share once, confirms; a resident
    sees nothing; the opening page names a wrong share and opens with the right ones."""
    from app.rounds.tables import Round
    from ballots.box import queries, services
    from ballots.box.tables import KeyShare

    round_id = await create_round(phase="deliberating")
    staff = await make_user(role="staff")
    first = await make_user(role="certifier", name="Carla Certificeerder")
    second = await make_user(role="certifier", name="Chris Tweede")
    await as_user(client, await make_user(role="resident"))
    assert (await client.get(f"/beheer/stemmen/{round_id}/sleutel")).status_code == 404
    await as_user(client, staff)
    started = await post_form(
        client,
        f"/beheer/stemmen/{round_id}/sleutel",
        {"holder": [str(first.id), str(second.id)], "threshold": "2"},
    )
    assert started.status_code == 303, started.text
    shares = []
    for account, position in ((first, 1), (second, 2)):
        await as_user(client, account)
        url = f"/beheer/stemmen/{round_id}/sleutel/{position}"
        wrong = await post_form(client, f"{url}/ophalen", {"password": "wrong"})
        assert wrong.status_code == 403 and 'data-testid="key-problems"' in wrong.text
        shown = await post_form(client, f"{url}/ophalen", {"password": DEFAULT_PASSWORD})
        found = WORDS.search(shown.text)
        assert shown.status_code == 200 and found is not None
        assert shown.headers["cache-control"] == "no-store"
        shares.append(found.group(1))
        again = await post_form(client, f"{url}/ophalen", {"password": DEFAULT_PASSWORD})
        assert again.status_code == 403 and found.group(1) not in again.text
        assert (await post_form(client, f"{url}/bevestigen")).status_code == 303
    stored = await KeyShare.select().where(KeyShare.round == round_id)
    assert all(row["pending"] == "" for row in stored)  # collected: the database keeps no share
    assert not any(share in str(value) for share in shares for r in stored for value in r.values())
    await as_user(client, staff)
    page = await client.get(f"/beheer/stemmen/{round_id}/sleutel")
    assert all(share not in page.text for share in shares)
    holders = re.findall(r'data-testid="key-holder"[^>]*>([^<]+)<', page.text)
    assert holders == ["Carla Certificeerder", "Chris Tweede"]  # names, never an account id
    await Round.update({Round.phase: "counting"}).where(Round.id == round_id)
    services.forget_caches()
    await as_user(client, first)
    form = await client.get(f"/beheer/stemmen/{round_id}/openen")
    assert form.text.count('data-testid="open-share"') == 2
    bad = await post_form(
        client, f"/beheer/stemmen/{round_id}/openen", {"share": [shares[0], "acid " * 33]}
    )
    assert bad.status_code == 400 and 'data-testid="open-problems"' in bad.text
    assert await queries.box_unopened(round_id)
    opened = await post_form(client, f"/beheer/stemmen/{round_id}/openen", {"share": shares})
    assert opened.status_code == 303, opened.text
    assert not await queries.box_unopened(round_id)
