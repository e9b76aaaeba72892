"""Creating a round: who may, for which areas, the money it may take, and refused input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.rounds.conftest import Tree, events, round_form
from tests.support.web import Account, login, post_form

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Account]]


async def _count(area: str) -> int:
    from app.rounds import queries

    return len(await queries.rounds_list(area_code=area))


async def test_a_district_council_member_creates_a_round_for_a_wijk_below(
    english: Client, make_user: MakeUser, tree: Tree
) -> None:
    """The round is stored as a draft with exact cents and Amsterdam dates in UTC, and audited."""
    from app.rounds import queries

    council = await make_user(role="council", area_code=tree.district)
    await login(english, council)
    form = await english.get(f"/rondes/nieuw?area={tree.district}")
    assert form.status_code == 200
    assert 'data-testid="round-form"' in form.text
    assert tree.wijk in form.text  # the wijk below is offered
    response = await post_form(
        english, "/rondes/nieuw", round_form(tree.line_id, area=tree.wijk, amount="40.000,01")
    )
    assert response.status_code == 303, response.text
    round_id = int(response.headers["location"].rsplit("/", 1)[1])
    view = await queries.round_by_id(round_id)
    assert view is not None
    assert (tree.wijk, "draft", 4_000_001) == (view.area_code, view.phase, view.amount_cents)
    assert view.schedule["proposing"].isoformat() == "2030-02-01T18:00:00+00:00"  # type: ignore[union-attr]
    assert view.rules.categories == ("Groen", "Spelen")
    history = await events(round_id)
    assert [("round.create", f"user:{council.id}")] == [
        (event["action"], event["actor"]) for event in history
    ]
    page = await english.get(f"/rondes/{round_id}")
    assert page.status_code == 200
    assert 'data-testid="round-title"' in page.text and "Buurtbudget Test 2026" in page.text
    assert f"/rondes/{round_id}/voorstellen" in page.text
    assert "Round created" in page.text


async def test_a_wijk_council_member_and_staff_create_rounds(
    client: Client, make_user: MakeUser, tree: Tree
) -> None:
    council = await make_user(role="council", area_code=tree.wijk)
    await login(client, council)
    own = await post_form(client, "/rondes/nieuw", round_form(tree.line_id, area=tree.wijk))
    assert own.status_code == 303, own.text
    below = await post_form(
        client, "/rondes/nieuw", round_form(tree.line_id, area=tree.buurt, amount="20000")
    )
    assert below.status_code == 303, below.text
    staff_client = client
    staff_client.cookies.clear()
    await login(staff_client, await make_user(role="staff"))
    staff = await post_form(
        staff_client, "/rondes/nieuw", round_form(tree.line_id, area=tree.wijk, amount="20000")
    )
    assert staff.status_code == 303, staff.text


async def test_council_of_another_area_and_residents_are_refused(
    client: Client, make_user: MakeUser, tree: Tree
) -> None:
    await login(client, await make_user(role="council", area_code=tree.other))
    assert (await client.get(f"/rondes/nieuw?area={tree.wijk}")).status_code == 403
    refused = await post_form(client, "/rondes/nieuw", round_form(tree.line_id, area=tree.wijk))
    assert refused.status_code == 403
    client.cookies.clear()
    await login(client, await make_user(role="resident"))
    refused = await post_form(client, "/rondes/nieuw", round_form(tree.line_id, area=tree.wijk))
    assert refused.status_code == 403
    assert await _count(tree.wijk) == 0


async def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, tree: Tree) -> None:
    response = await client.get(f"/rondes/nieuw?area={tree.wijk}", follow_redirects=False)
    assert response.status_code == 303
    assert "/account/inloggen" in response.headers["location"]


async def test_refused_input_is_shown_again_with_each_problem_and_stores_nothing(
    english: Client, make_user: MakeUser, tree: Tree
) -> None:
    await login(english, await make_user(role="staff"))
    bad = round_form(
        tree.line_id,
        area=tree.wijk,
        title="",
        amount="12.50",
        voting_starts="2030-03-15T10:00",
        ballot_type="cumulative",
        points_total="0",
        proposer_min_age="200",
    )
    response = await post_form(english, "/rondes/nieuw", bad)
    assert response.status_code == 400
    for message in (
        "This field is required.",
        "Enter an amount in euros such as 12500 or 12.500,00.",
        "'Voting' cannot start before 'Discussion and support'.",
        "A points ballot needs a number of points to hand out.",
        "The minimum age must be between 0 and 120.",
    ):
        assert message.replace("'", "&#39;") in response.text, message
    assert 'data-testid="form-errors"' in response.text
    unknown = await post_form(english, "/rondes/nieuw", round_form(tree.line_id, area="XX0"))
    assert unknown.status_code == 400
    assert await _count(tree.wijk) == 0


async def test_a_line_of_another_area_and_over_commitment_are_refused(
    english: Client, make_user: MakeUser, tree: Tree
) -> None:
    """The amount may not exceed what other rounds left on the line; the rest is exposed."""
    from app.rounds import queries

    await login(english, await make_user(role="staff"))
    foreign = await post_form(
        english, "/rondes/nieuw", round_form(tree.other_line_id, area=tree.wijk)
    )
    assert foreign.status_code == 400
    first = await post_form(
        english, "/rondes/nieuw", round_form(tree.line_id, area=tree.wijk, amount="70.000")
    )
    assert first.status_code == 303
    second = await post_form(
        english, "/rondes/nieuw", round_form(tree.line_id, area=tree.buurt, amount="30.000,01")
    )
    assert second.status_code == 400
    assert "only € 30.000 left" in second.text
    assert await queries.committed_cents(tree.line_id) == 7_000_000
    exact = await post_form(
        english, "/rondes/nieuw", round_form(tree.line_id, area=tree.buurt, amount="30.000")
    )
    assert exact.status_code == 303
    assert await queries.committed_cents(tree.line_id) == 10_000_000


async def test_the_rounds_list_filters_by_phase(
    client: Client, new_round: Callable[..., Awaitable[int]]
) -> None:
    voting = await new_round("voting", title="Stemronde filtertest")
    await new_round("draft", title="Conceptronde filtertest", amount="20000")
    everything = await client.get("/rondes")
    assert 'data-testid="rounds-table"' in everything.text
    assert (
        "Stemronde filtertest" in everything.text and "Conceptronde filtertest" in everything.text
    )
    only_voting = await client.get("/rondes?phase=voting")
    assert f"/rondes/{voting}" in only_voting.text
    assert "Conceptronde filtertest" not in only_voting.text
    assert (await client.get("/rondes?phase=nonsense")).status_code == 200
    assert (await client.get("/rondes/999999999")).status_code == 404
