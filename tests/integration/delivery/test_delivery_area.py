"""The area page: per round held there, what was decided and how far delivery has come."""

from __future__ import annotations

from tests.integration.deliberation.world import Browsers, MakeUser
from tests.integration.delivery.world import (
    OOST,
    OOSTERPARK,
    certify,
    decided_round,
    funded_projects,
    staff,
)


async def test_area_page_shows_decided_projects_and_progress(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """The wijk and its district both show the round's projects, '1 of 2 delivered' and money."""
    from delivery import services

    round_id, _line = await decided_round(OOSTERPARK)
    funded = await funded_projects(round_id, costs=(600_000, 400_000))
    ids = await certify(round_id, funded)
    worker = staff(await make_user("staff"))
    assert (await services.record_money(worker, ids[0], "6.000", "5.500")).ok
    assert (await services.change_status(worker, ids[0], "delivered")).ok
    browser = await open_browser()
    for code in (OOSTERPARK, OOST):
        page = await browser.get(f"/gebieden/{code}")
        assert page.status_code == 200
        assert 'data-testid="area-delivery"' in page.text
        section = page.text.split(f'data-round="{round_id}"', 1)[1].split("</article>", 1)[0]
        assert "1 of 2 delivered" in section
        assert "€ 5.500 spent of € 10.000 decided" in section
        assert funded[0]["title"] in section
        assert 'data-status="delivered"' in section


async def test_a_round_without_certified_result_says_nothing_is_decided_yet(
    open_browser: Browsers,
) -> None:
    """Rounds still running are listed, with no projects yet."""
    round_id, _line = await decided_round(OOSTERPARK)
    page = await (await open_browser()).get(f"/gebieden/{OOSTERPARK}")
    section = page.text.split(f'data-round="{round_id}"', 1)[1].split("</article>", 1)[0]
    assert "Nothing decided yet" in section


async def test_the_delivery_demo_is_idempotent() -> None:
    """The demo gives implementing and closed rounds projects, delivered and under way, once."""
    from app.demo import load_demo
    from app.rounds import queries as round_queries
    from delivery import queries
    from delivery.demo import load_delivery_demo

    summary = await load_demo()  # the full demo includes the delivery demo (registered)
    assert any(line.startswith("delivery:") for line in summary.splitlines())
    assert await load_delivery_demo() == "delivery: already loaded, nothing changed"
    wijert = await round_queries.round_id_by_title("WK001414", "Buurtbudget De Wijert 2026")
    assert wijert is not None
    statuses = [p.status for p in await queries.projects_of_rounds([wijert])]
    assert "delivered" in statuses and "in_progress" in statuses
