"""SVG charts: values and labels as text, escaped names, an accessible name, empty data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reporting.monitoring.charts import PALETTE, Series, bar_chart, line_chart

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  # our own generated SVG, not untrusted input


def _child(root: ET.Element, tag: str) -> ET.Element:
    found = root.find(f"{NS}{tag}")
    assert found is not None, tag
    return found


def _texts(svg: str) -> list[str]:
    root = _parse(svg)
    return [element.text or "" for element in root.iter(f"{NS}text")]


def test_bar_chart_has_role_title_desc_and_labels() -> None:
    """Each value is written on its bar; categories and series names are text."""
    svg = bar_chart(
        "c1",
        "Money",
        "Bars per year",
        ["2024", "2025"],
        [Series("Decided", (400.0, 0.0)), Series("Delivered", (290.0, None))],
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert _child(root, "title").text == "Money"
    assert _child(root, "desc").text == "Bars per year"
    texts = _texts(svg)
    for label in ("2024", "2025", "Decided", "Delivered", "400", "290", "0"):
        assert label in texts
    assert len(root.findall(f"{NS}rect")) == 3 + 2  # three bars (None is a gap), two keys


def test_names_are_escaped() -> None:
    """An area name with markup stays text, and the SVG stays well-formed."""
    evil = 'Zuid <script>alert("x")</script> & Co'
    svg = line_chart("c2", evil, evil, ["2024"], [Series(evil, (12.5,))])
    assert "<script>" not in svg
    assert evil in _texts(svg)
    assert _child(_parse(svg), "title").text == evil


def test_line_chart_points_and_gaps() -> None:
    """A line joins the known points; a None is left out."""
    svg = line_chart(
        "c3", "Turnout", "Lines", ["2023", "2024", "2025"], [Series("A", (10.0, None, 30.0))]
    )
    root = _parse(svg)
    assert len(root.findall(f"{NS}circle")) == 2
    points = _child(root, "polyline").get("points") or ""
    assert len(points.split()) == 2
    assert "30" in _texts(svg) and "10" in _texts(svg)


def test_empty_data_says_so() -> None:
    """No categories or only unknown values: a small chart with the given message."""
    for svg in (
        bar_chart("e1", "T", "D", [], [], empty_text="Nog geen gegevens"),
        line_chart(
            "e2", "T", "D", ["2024"], [Series("A", (None,))], empty_text="Nog geen gegevens"
        ),
    ):
        root = _parse(svg)
        assert root.get("role") == "img"
        assert _texts(svg) == ["Nog geen gegevens"]


def test_formatter_and_palette() -> None:
    """Values go through the formatter; series take the accessible palette in order."""
    svg = bar_chart(
        "f1",
        "T",
        "D",
        ["a"],
        [Series("x", (1234.0,)), Series("y", (5.0,))],
        fmt=lambda v: f"€{v:.0f}",
    )
    assert "€1234" in _texts(svg)
    assert PALETTE[0] in svg and PALETTE[1] in svg
