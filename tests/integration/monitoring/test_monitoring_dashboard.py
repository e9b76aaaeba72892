"""Dashboards count rounds, proposals, participants, turnout, money and delivery from the tables."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable

import httpx

from tests.integration.monitoring.conftest import World

MakeWorld = Callable[..., Awaitable[World]]


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _table(html: str, dataset: str) -> str:
    match = re.search(rf'data-dataset="{dataset}">(.*?)</table>', html, re.S)
    assert match is not None, dataset
    # On phones each cell is led by its column's name (data-label); the values are what count.
    return re.sub(r' data-label="[^"]*"', "", match.group(1))


async def test_area_figures_match_the_rows(make_world: MakeWorld) -> None:
    """North: one round a year, draft left out; turnout uses codes plus placed accounts."""
    from reporting.monitoring import queries
    from reporting.monitoring.figures import dataset

    world = await make_world()
    nodes = await queries.area_nodes()
    north = queries.find_area(nodes, world.north)
    assert north is not None
    facts = await queries.facts(north.id, nodes)
    assert list(dataset(facts, "activity").rows) == [(2024, 1, 3, 3), (2025, 1, 2, 1)]
    assert [
        (2024, world.buurt_a, north.name.replace("Noord", "Buurt A"), 2, 5, 40.0),
        (2025, world.buurt_a, north.name.replace("Noord", "Buurt A"), 1, 4, 25.0),
        (2024, world.buurt_b, north.name.replace("Noord", "Buurt B"), 1, 2, 50.0),
    ] == list(dataset(facts, "turnout").rows)
    assert list(dataset(facts, "money").rows) == [(2024, 40_000_00, 29_000_00), (2025, 0, 0)]
    assert list(dataset(facts, "delivery").rows) == [
        ("planned", 0, 0, 0),
        ("in_progress", 1, 10_000_00, 5_000_00),
        ("delivered", 1, 30_000_00, 29_000_00),
        ("cancelled", 0, 0, 0),
    ]


async def test_root_adds_the_other_district(make_world: MakeWorld) -> None:
    """The municipality's own dashboard includes South; unknown eligibility is no turnout."""
    from reporting.monitoring import queries
    from reporting.monitoring.figures import dataset

    world = await make_world()
    nodes = await queries.area_nodes()
    root = queries.find_area(nodes, world.root)
    assert root is not None
    facts = await queries.facts(root.id, nodes)
    assert list(dataset(facts, "activity").rows) == [(2024, 1, 3, 3), (2025, 2, 3, 2)]
    south = [row for row in dataset(facts, "turnout").rows if row[1] == world.buurt_c]
    assert [(2025, world.buurt_c, south[0][2], 1, 0, None)] == south


async def test_area_page_shows_charts_tables_and_csv_links(
    client: httpx.AsyncClient, make_world: MakeWorld
) -> None:
    """Four panels, each an accessible SVG plus a table and a CSV link; the numbers agree."""
    world = await make_world()
    response = await client.get(f"/monitor/{world.north.lower()}")
    assert response.status_code == 200
    html = response.text
    assert html.count('data-testid="dashboard-chart"') == 4
    assert html.count('data-testid="dashboard-table"') == 4
    assert html.count('role="img"') == 4
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "€ 40.000<" in _table(html, "money") and "€ 29.000<" in _table(html, "money")
    assert "40,0 %" in _table(html, "turnout")
    assert f"/monitor/csv/money?area={world.north}" in html


async def test_csv_equals_the_table(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """Every dataset's CSV holds the dashboard's numbers, money in cents."""
    world = await make_world()
    money = await client.get("/monitor/csv/money", params={"area": world.north})
    assert money.status_code == 200
    assert money.headers["content-type"].startswith("text/csv")
    assert _csv(money.text) == [
        ["year", "decided_cents", "delivered_cents"],
        ["2024", "4000000", "2900000"],
        ["2025", "0", "0"],
    ]
    turnout = _csv((await client.get(f"/monitor/csv/turnout?area={world.north}")).text)
    assert turnout[0] == [
        "year",
        "buurt_code",
        "buurt_name",
        "participants",
        "eligible",
        "turnout_percent",
    ]
    assert [row[3:] for row in turnout[1:]] == [
        ["2", "5", "40.0"],
        ["1", "4", "25.0"],
        ["1", "2", "50.0"],
    ]
    page = (await client.get(f"/monitor/{world.north}")).text
    activity = _csv((await client.get(f"/monitor/csv/activity?area={world.north}")).text)
    for row in activity[1:]:
        assert f'<th scope="row">{row[0]}</th>' in _table(page, "activity")
        for cell in row[1:]:
            assert f'<td class="num">{cell}</td>' in _table(page, "activity")
    delivery = _csv((await client.get(f"/monitor/csv/delivery?area={world.north}")).text)
    assert delivery[3] == ["delivered", "1", "3000000", "2900000"]


async def test_municipality_dashboard_and_bad_requests(
    client: httpx.AsyncClient, make_world: MakeWorld
) -> None:
    """The whole municipality renders; unknown areas and datasets are 404s."""
    await make_world()
    whole = await client.get("/monitor")
    assert whole.status_code == 200
    assert whole.text.count('data-testid="dashboard-chart"') == 4
    assert (await client.get("/monitor/GM404404")).status_code == 404
    assert (await client.get("/monitor/csv/secrets")).status_code == 404
    assert (await client.get("/monitor/csv/money?area=NOPE")).status_code == 404
    all_money = await client.get("/monitor/csv/money")
    assert all_money.status_code == 200 and all_money.text.startswith("year,")


async def test_escaped_area_names(client: httpx.AsyncClient, make_world: MakeWorld) -> None:
    """An area name with markup is shown as text, in the page and in the chart."""
    world = await make_world(south_name='Zuid <script>alert("x")</script> & Co')
    response = await client.get(f"/monitor/{world.south}")
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "Zuid &lt;script&gt;" in response.text
