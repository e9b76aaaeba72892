"""The map of a round's proposals: the author's pin, the buurt's centre, and refused pins."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.proposals.conftest import (
    Place,
    new_id,
    proposal_count,
    proposal_fields,
    submit,
)
from tests.support.web import Account, csrf_token, login

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[int]]
MakeResident = Callable[..., Awaitable[Account]]


async def _give_centres(place: Place) -> None:
    from app.areas import services

    await services.set_missing_centres(
        "system", {place.wijk: (53.2200, 6.5800), place.buurt: (53.2300, 6.5900)}
    )


async def test_a_pin_is_stored_and_shown_on_the_round_map(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    """A pinned proposal stands on its pin; one without stands on its buurt's centre."""
    from proposals import queries

    await _give_centres(place)
    round_id = await make_round()
    await login(client, await resident())
    pinned = new_id(
        await submit(client, round_id, proposal_fields(place, lat="53,2312", lon="6.5921"))
    )
    found = await queries.proposal_by_id(pinned)
    assert found is not None and (found.lat, found.lon) == (53.2312, 6.5921)
    plain = new_id(await submit(client, round_id, proposal_fields(place, title="Zonder pin")))

    page = await client.get(f"/rondes/{round_id}/voorstellen")
    assert 'data-map-source="/rondes/' in page.text and "leaflet.js" in page.text
    assert "data-map-section hidden" in page.text  # without a script the page is the list
    answer = await client.get(f"/rondes/{round_id}/voorstellen/kaart.json")
    assert answer.status_code == 200
    data = answer.json()
    by_id = {p["id"]: p for p in data["proposals"]}
    assert (by_id[pinned]["lat"], by_id[pinned]["lon"], by_id[pinned]["pinned"]) == (
        53.2312,
        6.5921,
        True,
    )
    assert (by_id[plain]["lat"], by_id[plain]["lon"], by_id[plain]["pinned"]) == (
        53.23,
        6.59,
        False,
    )
    assert by_id[plain]["url"] == f"/voorstellen/{plain}"
    assert {a["code"] for a in data["areas"]} == {place.wijk, place.buurt}


async def test_a_pin_outside_the_country_or_half_a_pin_is_refused(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    """A 4xx that names the problem on the page; nothing is stored."""
    round_id = await make_round()
    await login(client, await resident())
    for lat, lon, message in (
        ("48.8566", "2.3522", "De plek moet in Nederland liggen."),
        ("53.22", "", "Vul de plek in als twee getallen"),
        ("noord", "oost", "Vul de plek in als twee getallen"),
        ("nan", "6.5", "Vul de plek in als twee getallen"),
    ):
        response = await submit(client, round_id, proposal_fields(place, lat=lat, lon=lon))
        assert response.status_code == 400, (lat, lon)
        assert message in response.text
        assert 'href="#lat"' in response.text
    assert await proposal_count(round_id) == 0


async def test_the_author_moves_the_pin_when_editing(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    from proposals import queries

    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(
        await submit(client, round_id, proposal_fields(place, lat="53.2", lon="6.5"))
    )
    form = await client.get(f"/voorstellen/{proposal_id}/bewerken")
    assert 'value="53.2"' in form.text and 'value="6.5"' in form.text
    token = await csrf_token(client)
    response = await client.post(
        f"/voorstellen/{proposal_id}/bewerken",
        data={"_csrf_token": token, **proposal_fields(place, lat="", lon="")},
        files={"photo_1": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:1000]
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None and (found.lat, found.lon) == (None, None)


async def test_the_map_of_an_unknown_round_is_a_404(client: Client) -> None:
    response = await client.get("/rondes/999999/voorstellen/kaart.json")
    assert response.status_code == 404


async def test_centres_are_only_filled_in_once(place: Place) -> None:
    """Loading the demo twice changes nothing: a centre already set is left alone."""
    from app.areas import queries, services

    first = await services.set_missing_centres("system", {place.other_buurt: (53.1, 6.1)})
    again = await services.set_missing_centres("system", {place.other_buurt: (53.9, 6.9)})
    assert (first, again) == (1, 0)
    assert (await queries.centres([place.other_buurt]))[place.other_buurt] == (53.1, 6.1)
