"""The area tree: postcode placement, lineage, validity dates and the area pages."""

from __future__ import annotations

import secrets
from datetime import date

import httpx
import pytest

from app.areas import queries, services
from app.demo import load_places


@pytest.fixture(scope="module", autouse=True)
async def demo_places() -> None:
    """The Groningen demo tree (idempotent, so loading it per module is cheap)."""
    await load_places()


async def test_postcode_lands_in_its_buurt_with_lineage() -> None:
    """9712 AB lies in Binnenstad-Zuid, below Binnenstad, Centrum and Groningen."""
    area = await queries.area_for_postcode("9712 ab")
    assert area is not None
    assert (area.code, area.name, area.level) == ("BU00140102", "Binnenstad-Zuid", "buurt")
    lineage = await queries.lineage(area.code)
    assert [row.code for row in lineage] == ["BU00140102", "WK001401", "GB001401", "GM0014"]


async def test_letter_ranges_split_one_postcode_number() -> None:
    """9713 AA to KZ is Florabuurt and 9713 LA to ZZ Gorechtbuurt (both in Oosterpark)."""
    flora = await queries.area_for_postcode("9713KZ")
    gorecht = await queries.area_for_postcode("9713LA")
    assert flora is not None and gorecht is not None
    assert (flora.code, gorecht.code) == ("BU00140302", "BU00140303")
    assert flora.parent_code == "WK001403"


async def test_placement_follows_validity_dates() -> None:
    """Before the 2021 split, all of 9713 was the historic Oosterparkwijk buurt."""
    before = await queries.area_for_postcode("9713LA", on=date(2020, 6, 1))
    assert before is not None
    assert before.code == "BU00140301"


async def test_unknown_and_malformed_postcodes_place_nowhere() -> None:
    """A postcode outside the municipality or a malformed one gives None."""
    assert await queries.area_for_postcode("1012AB") is None
    assert await queries.area_for_postcode("hello") is None
    assert await queries.area_for_postcode("9712SA") is None


async def test_children_and_descendants_only_count_valid_areas() -> None:
    """Oosterpark's current buurten exclude the historic one, which still shows in 2020."""
    today = [row.code for row in await queries.children("WK001403")]
    assert sorted(today) == ["BU00140302", "BU00140303"]
    in_2020 = [row.code for row in await queries.children("WK001403", on=date(2020, 1, 1))]
    assert in_2020 == ["BU00140301"]
    below_oost = await queries.descendant_codes("GB001402")
    assert {"WK001403", "BU00140302", "WK001405", "BU00140501"} <= below_oost
    assert "BU00140301" not in below_oost
    assert "GB001402" not in below_oost
    assert set() == await queries.descendant_codes("XX0000")


async def test_top_areas_are_the_seven_districts() -> None:
    """Groningen after the merger has Centrum, Oost, Noord, West, Zuid, Haren and Ten Boer."""
    names = {row.name for row in await queries.top_areas()}
    assert {"Centrum", "Oost", "Noord", "West", "Zuid", "Haren", "Ten Boer"} <= names


async def test_area_page_shows_parents_children_and_sections(
    client: httpx.AsyncClient,
) -> None:
    """A neighbourhood page has breadcrumbs, its buurten and the programme and round sections."""
    response = await client.get("/gebieden/WK001403")
    assert response.status_code == 200
    html = response.text
    assert 'data-testid="area-name">Oosterpark<' in html
    assert 'href="/gebieden/GB001402"' in html  # district Oost
    assert 'href="/gebieden/GM0014"' in html  # the municipality
    assert 'data-testid="area-children"' in html
    assert "Florabuurt" in html and "Gorechtbuurt" in html
    assert "Oosterparkwijk" not in html  # historic buurt is not a current part
    assert 'data-testid="area-rounds"' in html


async def test_district_page_lists_its_programme(client: httpx.AsyncClient) -> None:
    """The district page links to its 2026 programme."""
    response = await client.get("/gebieden/GB001402")
    assert response.status_code == 200
    assert "Gebiedsprogramma Oost 2026" in response.text


async def test_historic_area_page_is_marked_and_links_successors(
    client: httpx.AsyncClient,
) -> None:
    """The split buurt still has a page, says it ended and links to what replaced it."""
    response = await client.get("/gebieden/bu00140301")
    assert response.status_code == 200
    assert 'data-testid="area-historic"' in response.text
    assert "31 december 2020" in response.text  # one date format, written out
    assert 'href="/gebieden/BU00140302"' in response.text
    assert 'href="/gebieden/BU00140303"' in response.text


async def test_unknown_area_is_a_404_page(client: httpx.AsyncClient) -> None:
    """An unknown code gets a page saying so."""
    response = await client.get("/gebieden/WK999999")
    assert response.status_code == 404
    assert "WK999999" in response.text


async def test_areas_index_shows_the_tree(client: httpx.AsyncClient) -> None:
    """The index lists districts and neighbourhoods, but not historic buurten."""
    response = await client.get("/gebieden")
    assert response.status_code == 200
    assert "Ten Boer" in response.text and "Lewenborg" in response.text
    assert "Oosterparkwijk" not in response.text


async def test_known_postcode_redirects_to_its_buurt(client: httpx.AsyncClient) -> None:
    """The lookup sends the visitor to the buurt's page."""
    response = await client.get("/postcode", params={"postcode": "9713 ab"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/gebieden/BU00140302"


@pytest.mark.parametrize("postcode", ["", "97", "9712 SS", "0999AB", "<script>", "9" * 500])
async def test_malformed_postcode_reshows_the_form(
    client: httpx.AsyncClient, postcode: str
) -> None:
    """A malformed postcode is a 400 with the form and a message, never a 500."""
    response = await client.get("/postcode", params={"postcode": postcode})
    assert response.status_code == 400
    assert 'data-testid="postcode-form"' in response.text
    assert 'data-testid="postcode-error"' in response.text
    assert "<script>" not in response.text


async def test_unknown_postcode_says_so(client: httpx.AsyncClient) -> None:
    """A valid postcode outside the municipality is a 404 that names it."""
    response = await client.get("/postcode", params={"postcode": "1012ab"})
    assert response.status_code == 404
    assert "1012 AB" in response.text


async def test_lookup_form_without_postcode(client: httpx.AsyncClient) -> None:
    """Without a postcode the page simply shows the form."""
    response = await client.get("/postcode")
    assert response.status_code == 200
    assert 'data-testid="postcode-form"' in response.text


def _code(prefix: str, digits: int) -> str:
    return prefix + "".join(secrets.choice("0123456789") for _ in range(digits))


async def test_add_and_end_area_through_services() -> None:
    """Adding a buurt and ending it keeps its history; bad input is refused with reasons."""
    code = _code("BU9", 7)
    assert (
        await services.add_area("cli", code, "Proefbuurt", "buurt", "WK001403", "2022-01-01")
    ).ok
    assert (
        "code"
        in (
            await services.add_area("cli", code, "Dubbel", "buurt", "WK001403", "2022-01-01")
        ).problems
    )
    assert (
        "code"
        in (
            await services.add_area("cli", "WK12", "Fout", "buurt", "WK001403", "2022-01-01")
        ).problems
    )
    assert (
        "parent"
        in (
            await services.add_area(
                "cli", _code("BU9", 7), "Wees", "buurt", "WK999999", "2022-01-01"
            )
        ).problems
    )
    assert (
        "parent"
        in (
            await services.add_area(
                "cli", _code("BU9", 7), "Verkeerd niveau", "buurt", "GB001402", "2022-01-01"
            )
        ).problems
    )
    assert (
        "valid_from"
        in (
            await services.add_area(
                "cli", _code("BU9", 7), "Geen datum", "buurt", "WK001403", "gisteren"
            )
        ).problems
    )
    assert "valid_to" in (await services.end_area("cli", code, "2021-01-01")).problems
    assert (
        "successors" in (await services.end_area("cli", code, "2023-12-31", "BU00000000")).problems
    )
    assert (await services.end_area("cli", code, "2023-12-31", "BU00140302")).ok
    ended = await queries.area_by_code(code)
    assert ended is not None
    assert (date(2023, 12, 31), ("BU00140302",)) == (ended.valid_to, ended.successors)
    assert "code" in (await services.end_area("cli", code, "2024-12-31")).problems
    assert code not in await queries.descendant_codes("WK001403")
    assert code in await queries.descendant_codes("WK001403", on=date(2023, 6, 1))


async def test_area_with_current_parts_cannot_end() -> None:
    """A neighbourhood that still has buurten after its last day cannot be ended."""
    problems = (await services.end_area("cli", "WK001403", "2030-01-01")).problems
    assert "code" in problems
