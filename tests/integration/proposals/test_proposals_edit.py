"""Edits keep every version; only authors withdraw, before the ballot; hidden text stays hidden."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.proposals.conftest import (
    PNG,
    Place,
    new_id,
    proposal_fields,
    set_phase,
    submit,
)
from tests.support.web import Account, csrf_token, login, post_form

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[int]]
MakeResident = Callable[..., Awaitable[Account]]


async def _edit(client: Client, proposal_id: int, data: dict[str, str]) -> object:
    token = await csrf_token(client)
    return await client.post(
        f"/voorstellen/{proposal_id}/bewerken",
        data={"_csrf_token": token, **data},
        files={"photo_1": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )


async def test_an_edit_keeps_the_earlier_version_in_the_public_history(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    from proposals import queries

    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(
        await submit(
            client,
            round_id,
            proposal_fields(place),
            files={"photo_1": ("a.png", PNG, "image/png")},
        )
    )
    assert (await client.get(f"/voorstellen/{proposal_id}/bewerken")).status_code == 200
    photo_id = (await queries.photos_of(proposal_id))[0].id
    changed = proposal_fields(
        place, title="Vier bankjes in het park", cost="6.000", area=place.other_buurt
    )
    response = await _edit(client, proposal_id, {**changed, "remove_photo": str(photo_id)})
    assert response.status_code == 303  # type: ignore[attr-defined]
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None
    assert (found.title, found.version, found.cost_cents, found.area_code) == (
        "Vier bankjes in het park",
        2,
        600_000,
        place.other_buurt,
    )
    assert [v.title for v in await queries.versions(proposal_id)] == [
        "Vier bankjes in het park",
        "Bankjes in het park",
    ]
    assert await queries.photos_of(proposal_id) == []
    history = await client.get(f"/voorstellen/{proposal_id}/versies")  # public, no login needed
    assert history.status_code == 200
    assert "Bankjes in het park" in history.text and "Vier bankjes" in history.text


async def test_bad_edits_others_and_late_edits_are_refused(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    from proposals import queries

    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(await submit(client, round_id, proposal_fields(place)))
    bad = await _edit(client, proposal_id, proposal_fields(place, title=""))
    assert bad.status_code == 400  # type: ignore[attr-defined]

    other = await resident(name="Otto Ander")
    client.cookies.clear()
    await login(client, other)
    assert (await client.get(f"/voorstellen/{proposal_id}/bewerken")).status_code == 403
    stranger = await _edit(client, proposal_id, proposal_fields(place, title="Gekaapt"))
    assert stranger.status_code == 403  # type: ignore[attr-defined]
    page = await client.get(f"/voorstellen/{proposal_id}")
    assert 'data-testid="proposal-edit-link"' not in page.text
    assert 'data-testid="withdraw-form"' not in page.text

    await set_phase(round_id, "reviewing")
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None and found.version == 1 and found.title == "Bankjes in het park"


async def test_the_author_cannot_edit_after_the_proposing_phase(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(await submit(client, round_id, proposal_fields(place)))
    await set_phase(round_id, "reviewing")
    late = await _edit(client, proposal_id, proposal_fields(place, title="Te laat"))
    assert late.status_code == 403  # type: ignore[attr-defined]


async def test_the_author_withdraws_and_followers_hear(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    from app.events import subscribe
    from proposals import queries
    from tests.support.jobs import run_jobs

    heard: list[dict[str, object]] = []

    async def listener(payload: dict[str, object]) -> None:
        heard.append(payload)

    subscribe("proposal.status_changed", listener)
    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(await submit(client, round_id, proposal_fields(place)))
    page = await client.get(f"/voorstellen/{proposal_id}")
    assert 'data-testid="withdraw-form"' in page.text
    response = await post_form(
        client, f"/voorstellen/{proposal_id}/intrekken", {"reason": "Al geregeld"}
    )
    assert response.status_code == 303
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None and found.status == "withdrawn"
    await run_jobs()  # followers hear through the job runner
    assert {"proposal_id": proposal_id, "status": "withdrawn", "reason": "Al geregeld"} in heard
    page = await client.get(f"/voorstellen/{proposal_id}")
    assert "Ingetrokken" in page.text and "Al geregeld" in page.text
    again = await post_form(client, f"/voorstellen/{proposal_id}/intrekken", {})
    assert again.status_code == 403


async def test_a_proposal_on_the_ballot_cannot_be_withdrawn(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    from app.db import transaction
    from proposals import queries, services

    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(await submit(client, round_id, proposal_fields(place)))
    async with transaction():
        await services.set_status(proposal_id, "feasible", "Kan", None, "staff")
        await services.set_status(proposal_id, "on_ballot", "Genoeg steun", None, "council")
    await set_phase(round_id, "deliberating")
    response = await post_form(client, f"/voorstellen/{proposal_id}/intrekken", {})
    assert response.status_code == 403
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None and found.status == "on_ballot"


async def test_a_hidden_proposal_shows_the_reason_instead_of_its_text(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    from proposals.tables import Proposal

    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(await submit(client, round_id, proposal_fields(place)))
    await Proposal.update({Proposal.hidden: "Beledigende tekst"}).where(Proposal.id == proposal_id)
    for path in (f"/voorstellen/{proposal_id}", f"/rondes/{round_id}/voorstellen"):
        page = await client.get(path)
        assert "Beledigende tekst" in page.text
        assert "Drie bankjes langs het pad" not in page.text
    history = await client.get(f"/voorstellen/{proposal_id}/versies")
    assert "Drie bankjes langs het pad" not in history.text
