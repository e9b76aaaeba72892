"""The demo: one round in each phase, loaded twice without change, every page renders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.web import Account, login

Client = AsyncTestClient[Litestar]


async def test_the_demo_holds_one_round_per_phase_and_every_page_renders(
    client: Client, make_user: Callable[..., Awaitable[Account]]
) -> None:
    from app.demo import load_places
    from app.rounds import phases, queries
    from app.rounds.demo import DEMO_ROUNDS, load_rounds_demo
    from app.rounds.services import advance_due_rounds

    await load_places()
    await load_rounds_demo()
    assert await load_rounds_demo() == "rounds: already loaded, nothing changed"
    ids = [await queries.round_id_by_title(spec.area_code, spec.title) for spec in DEMO_ROUNDS]
    views = [await queries.round_by_id(round_id) for round_id in ids if round_id is not None]
    assert list(phases.PHASES) == [view.phase for view in views if view is not None]
    moved = {step[0] for step in await advance_due_rounds()}
    assert not moved & set(ids)  # the demo's dates agree with its phases
    await login(client, await make_user(role="staff"))
    for round_id in ids:
        page = await client.get(f"/rondes/{round_id}")
        assert page.status_code == 200, page.text
        assert 'data-testid="round-phase"' in page.text
        edit = await client.get(f"/rondes/{round_id}/bewerken")
        assert edit.status_code == 200, edit.text
    assert (await client.get("/rondes/nieuw?area=WK001403")).status_code == 200
    assert (await client.get("/rondes/nieuw")).status_code == 200
    assert (await client.get("/rondes/nieuw?area=XX9999")).status_code == 404
    listing = await client.get("/rondes")
    assert "Buurtbudget Oosterpark 2026" in listing.text
