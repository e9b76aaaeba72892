"""The proposal list: search (with LIKE wildcards taken literally), filters, sorting and pages."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.proposals.conftest import Place

Client = AsyncTestClient[Litestar]


async def _seed(round_id: int, place: Place, author_id: int) -> None:
    from app.areas.tables import Area
    from proposals.tables import Proposal

    areas = {
        row["code"]: row["id"]
        for row in await Area.select(Area.id, Area.code).where(
            Area.code.is_in([place.buurt, place.other_buurt])
        )
    }
    rows = [
        Proposal(
            round=round_id,
            author=author_id,
            title=f"Voorstel {n:02d}" + (" 100% groen_dak" if n == 7 else ""),
            summary="Speeltuin opknappen" if n % 3 == 0 else "Bomen planten",
            cost_cents=1000 * (n + 1),
            support_count=(n * 7) % 25,
            category="Spelen" if n % 2 else "Groen",
            area=areas[place.buurt if n < 30 else place.other_buurt],
            status="feasible" if n % 5 == 0 else "submitted",
        )
        for n in range(45)
    ]
    await Proposal.insert(*rows)


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/voorstellen/\d+">([^<]+)</a></h2>', html)


async def test_search_filters_sorting_and_pages(
    client: Client,
    place: Place,
    make_round: Callable[..., Awaitable[int]],
    make_user: Callable[..., Awaitable[object]],
) -> None:
    round_id = await make_round(categories=["Groen", "Spelen"])
    author = await make_user(postcode=place.postcode)
    await _seed(round_id, place, author.id)  # type: ignore[attr-defined]
    base = f"/rondes/{round_id}/voorstellen"

    first = await client.get(base)
    assert first.status_code == 200
    assert 'data-testid="search-form"' in first.text and 'data-testid="proposal-list"' in first.text
    assert "45 voorstellen gevonden" in first.text
    assert len(_titles(first.text)) == 20
    assert "Pagina 1 van 3" in first.text
    last = await client.get(base, params={"page": "3"})
    assert len(_titles(last.text)) == 5
    seen = set()
    for page in ("1", "2", "3"):
        seen.update(_titles((await client.get(base, params={"page": page})).text))
    assert len(seen) == 45

    assert _titles((await client.get(base, params={"q": "100%"})).text) == [
        "Voorstel 07 100% groen_dak"
    ]
    assert _titles((await client.get(base, params={"q": "n_d"})).text) == [
        "Voorstel 07 100% groen_dak"
    ]
    assert "0 voorstellen gevonden" in (await client.get(base, params={"q": "50%"})).text
    speel = await client.get(base, params={"q": "SPEELTUIN"})
    assert "15 voorstellen gevonden" in speel.text

    assert "15 voorstellen" in (await client.get(base, params={"area": place.other_buurt})).text
    assert "45 voorstellen" in (await client.get(base, params={"area": place.wijk})).text
    assert "22 voorstellen" in (await client.get(base, params={"category": "Spelen"})).text
    feasible = await client.get(base, params={"status": "feasible", "category": "Groen"})
    assert "5 voorstellen gevonden" in feasible.text

    cheap = _titles((await client.get(base, params={"sort": "cost_asc"})).text)
    assert cheap[:2] == ["Voorstel 00", "Voorstel 01"]
    dear = _titles((await client.get(base, params={"sort": "cost_desc"})).text)
    assert dear[0] == "Voorstel 44"
    supported = _titles((await client.get(base, params={"sort": "supported"})).text)
    assert supported[:2] == ["Voorstel 32", "Voorstel 07 100% groen_dak"]  # 24 each, newest first
    shuffled = await client.get(base, params={"sort": "random", "seed": "42"})
    again = await client.get(base, params={"sort": "random", "seed": "42"})
    assert _titles(shuffled.text) == _titles(again.text)
    odd = await client.get(base, params={"page": "-3", "sort": "'; drop", "seed": "x"})
    assert odd.status_code == 200 and len(_titles(odd.text)) == 20
