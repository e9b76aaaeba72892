"""A refused form's error summary says which field is wrong, by its label, and links to it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.proposals.conftest import Place, proposal_fields, submit
from tests.support.web import Account, login

Client = AsyncTestClient[Litestar]


async def test_the_summary_names_each_fields_label_and_links_to_it(
    client: Client,
    place: Place,
    make_round: Callable[..., Awaitable[int]],
    resident: Callable[..., Awaitable[Account]],
) -> None:
    round_id = await make_round()
    await login(client, await resident())
    response = await submit(
        client, round_id, proposal_fields(place, title="", cost="gratis", lat="1", lon="1")
    )
    assert response.status_code == 400
    page = response.text
    for field, label in (
        ("title", "Titel"),
        ("cost", "Geschatte kosten"),
        ("lat", "Breedtegraad"),
    ):
        link = f'<a href="#{field}" data-error-field="{field}"><span class="error-field-label">'
        assert f"{link}{label}</span>: " in page, field
        assert f'id="{field}"' in page
