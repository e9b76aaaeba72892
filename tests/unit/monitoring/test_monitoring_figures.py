"""Dashboard datasets from plain facts, and the compare page's query parsing."""

from __future__ import annotations

from reporting.monitoring.figures import (
    BuurtTurnout,
    Facts,
    ProjectFacts,
    RoundFacts,
    comparison,
    dataset,
    percent,
)
from reporting.monitoring.params import parse_compare

FACTS = Facts(
    rounds=(
        RoundFacts(1, "WK1", 2024, 3, 3, (BuurtTurnout("BU1", "Een", 2, 5),), 400, True),
        RoundFacts(2, "WK1", 2025, 2, 1, (BuurtTurnout("BU1", "Een", 1, 0),)),
    ),
    projects=(ProjectFacts(1, "delivered", 300, 290), ProjectFacts(1, "planned", 100, 0)),
)


def test_percent_unknown_whole() -> None:
    """No eligible voters known means no turnout, not 0 %."""
    assert percent(1, 0) is None
    assert percent(2, 5) == 40.0
    assert percent(1, 3) == 33.3


def test_datasets() -> None:
    """Activity, turnout, money and delivery per year or status."""
    assert dataset(FACTS, "activity").rows == ((2024, 1, 3, 3), (2025, 1, 2, 1))
    assert dataset(FACTS, "turnout").rows == (
        (2024, "BU1", "Een", 2, 5, 40.0),
        (2025, "BU1", "Een", 1, 0, None),
    )
    assert dataset(FACTS, "money").rows == ((2024, 400, 290), (2025, 0, 0))
    assert dataset(FACTS, "delivery").column("projects") == [1, 0, 1, 0]


def test_comparison_limits_years() -> None:
    """One row per area and asked year, even a year without rounds."""
    rows = comparison([("WK1", "Noord", FACTS)], [2024, 2026]).rows
    assert rows == (
        ("WK1", "Noord", 2024, 1, 3, 3, 40.0, 400, 290),
        ("WK1", "Noord", 2026, 0, 0, 0, None, 0, 0),
    )


def test_parse_compare() -> None:
    """Codes are upper-cased and deduplicated; years sorted; bad input becomes a problem."""
    ask = parse_compare("wk1, WK2;wk1", "2025 2024")
    assert (ask.areas, ask.years, ask.errors) == (("WK1", "WK2"), (2024, 2025), {})
    assert "years" in parse_compare("WK1", "twintig").errors
    assert "years" in parse_compare("WK1", "1999").errors
    assert "areas" in parse_compare("<b>", "").errors
    assert "areas" in parse_compare(",".join(f"WK{n}" for n in range(7)), "").errors
