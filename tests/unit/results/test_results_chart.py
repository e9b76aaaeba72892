"""The result chart fits a phone: no label runs past the right edge of its 360-unit width."""

from __future__ import annotations

import re

from ballots.results.chart import WIDTH, votes_chart
from ballots.results.explain import ProjectLine

# A generous average width of a character at font-size 14 (bold system-ui is about 8 units).
CHAR = 8


def _line(name: str, score: int, funded: bool) -> ProjectLine:
    return ProjectLine("P", name, 950_000, score, "", funded, 1 if funded else None, "")


def test_long_names_and_big_counts_stay_inside_the_chart() -> None:
    lines = [
        _line("Muurschildering in de onderdoorgang bij het station", 12_345, True),
        _line("Bloemenweide langs de singel", 12, False),
    ]
    svg = votes_chart(lines, "Stemmen", "Stemmen per voorstel", "stemmen", "gekozen")
    texts = re.findall(r'<text x="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    assert len(texts) == 4
    for x, text in texts:
        assert float(x) + CHAR * len(text) <= WIDTH, text
    assert "12345 stemmen (gekozen)" in svg and "✓ Muurschildering" in svg
