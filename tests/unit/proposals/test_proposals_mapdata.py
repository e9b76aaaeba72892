"""Where proposals stand on the round's map: the author's pin, else the buurt's centre."""

from __future__ import annotations

from typing import Any

from proposals.mapdata import area_centres, map_data
from proposals.rows import AreaChoice, MapRow

AREAS = [
    AreaChoice(id=1, code="WK1", name="Wijk", level="neighbourhood", parent_code=None,
               lat=53.22, lon=6.58),
    AreaChoice(id=2, code="BU1", name="Buurt een", level="buurt", parent_code="WK1",
               lat=53.23, lon=6.59),
    AreaChoice(id=3, code="BU2", name="Buurt zonder plek", level="buurt", parent_code="WK1",
               lat=None, lon=None),
]  # fmt: skip


def _proposal(pid: int, area: str, lat: float | None = None, lon: float | None = None,
              status: str = "submitted") -> MapRow:  # fmt: skip
    return MapRow(id=pid, title=f"Idee {pid}", status=status, area_code=area, lat=lat, lon=lon)


def _data(proposals: list[MapRow]) -> Any:
    return map_data(proposals, AREAS, str.upper, lambda pid: f"/voorstellen/{pid}")


def test_an_area_without_a_centre_takes_its_parents() -> None:
    assert area_centres(AREAS) == {
        "WK1": (53.22, 6.58),
        "BU1": (53.23, 6.59),
        "BU2": (53.22, 6.58),
    }


def test_a_pin_wins_and_otherwise_the_buurt_centre_is_used() -> None:
    data = _data([_proposal(1, "BU1", 53.2301, 6.6001), _proposal(2, "BU2")])
    first, second = data["proposals"]
    assert (first["lat"], first["lon"], first["pinned"]) == (53.2301, 6.6001, True)
    assert (second["lat"], second["lon"], second["pinned"]) == (53.22, 6.58, False)
    assert (second["url"], second["status"]) == ("/voorstellen/2", "SUBMITTED")
    assert [a["code"] for a in data["areas"]] == ["WK1", "BU1"]


def test_proposals_sharing_a_centre_are_spread_so_each_can_be_chosen() -> None:
    data = _data([_proposal(1, "BU1"), _proposal(2, "BU1"), _proposal(3, "BU1")])
    places = {(p["lat"], p["lon"]) for p in data["proposals"]}
    assert len(places) == 3
    for lat, lon in places:
        assert abs(lat - 53.23) < 0.001 and abs(lon - 6.59) < 0.002


def test_withdrawn_and_merged_proposals_are_left_off() -> None:
    data = _data([_proposal(1, "BU1", status="withdrawn"), _proposal(2, "BU1", status="merged")])
    assert data["proposals"] == []
