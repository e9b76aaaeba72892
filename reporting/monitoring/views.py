"""Dashboard panels: each dataset as a translated SVG chart plus the same numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.i18n import _
from app.programmes.money import format_euros
from reporting.monitoring import charts
from reporting.monitoring.figures import Cell, Dataset, Facts, dataset

MAX_LINES = 6
TEXT_COLUMNS = frozenset({"year", "buurt_code", "buurt_name", "area_code", "area_name", "status"})


@dataclass(frozen=True)
class Panel:
    """One dashboard block: heading, chart, and the table (labels and formatted rows)."""

    name: str
    heading: str
    intro: str
    chart: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()


def column_label(column: str) -> str:
    """The translated heading of a dataset column."""
    labels = {
        "year": _("Year"),
        "rounds": _("Rounds held"),
        "proposals": _("Proposals"),
        "participants": _("Participants"),
        "buurt_code": _("Buurt code"),
        "buurt_name": _("Buurt"),
        "eligible": _("Eligible"),
        "turnout_percent": _("Turnout"),
        "decided_cents": _("Decided by residents"),
        "delivered_cents": _("Spent on delivered projects"),
        "status": _("Status"),
        "projects": _("Projects"),
        "amount_cents": _("Funded amount"),
        "spent_cents": _("Spent"),
        "area_code": _("Area code"),
        "area_name": _("Area"),
    }
    return labels.get(column, column)


def status_label(status: str) -> str:
    """The translated word for a delivery status."""
    words = {
        "planned": _("Planned"),
        "in_progress": _("In progress"),
        "delivered": _("Delivered"),
        "cancelled": _("Cancelled"),
    }
    return words.get(status, status)


def percent_text(value: float | None) -> str:
    """A percentage in Dutch style, or a dash when unknown."""
    if value is None:
        return "–"
    return f"{value:.1f} %".replace(".", ",")


def cell_text(column: str, value: Cell) -> str:
    """A table cell as shown on the page (money in euros, turnout in %)."""
    if column.endswith("_cents"):
        return format_euros(int(value or 0))
    if column == "turnout_percent":
        return percent_text(None if value is None else float(value))
    if column == "status":
        return status_label(str(value))
    return "" if value is None else str(value)


def table_rows(data: Dataset) -> tuple[tuple[str, ...], ...]:
    """Every row of a dataset as displayed text."""
    return tuple(
        tuple(cell_text(column, value) for column, value in zip(data.columns, row, strict=True))
        for row in data.rows
    )


def _euros(cents: float) -> str:
    return format_euros(int(cents) // 100 * 100)


def _activity(data: Dataset, prefix: str) -> Panel:
    years = [str(y) for y in data.column("year")]
    series = [
        charts.Series(column_label(name), tuple(float(v or 0) for v in data.column(name)))
        for name in ("rounds", "proposals", "participants")
    ]
    chart = charts.bar_chart(
        f"{prefix}-activity",
        _("Rounds, proposals and participants per year"),
        _("Bar chart; the same numbers are in the table below."),
        years,
        series,
        empty_text=_("No rounds yet."),
    )
    return Panel(
        "activity",
        _("Rounds, proposals and participants"),
        _("Participants are the residents who voted (one participation per voter per round)."),
        chart,
        _("Rounds, proposals and participants per year"),
        tuple(column_label(c) for c in data.columns),
        table_rows(data),
    )


def _turnout(data: Dataset, prefix: str) -> Panel:
    years = sorted({int(str(y)) for y in data.column("year")})
    by_buurt: dict[str, dict[int, float | None]] = {}
    weight: dict[str, int] = {}
    for row in data.rows:
        year, code, name, participants, _eligible, turnout = row
        label = f"{name or code}"
        by_buurt.setdefault(label, {})[int(str(year))] = None if turnout is None else float(turnout)
        weight[label] = weight.get(label, 0) + int(participants or 0)
    busiest = sorted(by_buurt, key=lambda label: (-weight[label], label))[:MAX_LINES]
    series = [
        charts.Series(label, tuple(by_buurt[label].get(year) for year in years))
        for label in sorted(busiest)
    ]
    chart = charts.line_chart(
        f"{prefix}-turnout",
        _("Turnout per buurt over time"),
        _("Line chart of the buurten with the most participants; every buurt is in the table."),
        [str(y) for y in years],
        series,
        fmt=lambda value: f"{value:.0f}%",
        empty_text=_("No turnout known yet."),
    )
    return Panel(
        "turnout",
        _("Turnout per buurt"),
        _(
            "Turnout is participants divided by eligible voters. Eligible voters are the "
            "voting codes issued for the buurt plus residents with an account whose postcode "
            "lies in the buurt. Where nobody is known to be eligible, turnout is shown as a dash."
        ),
        chart,
        _("Turnout per buurt and year"),
        tuple(column_label(c) for c in data.columns),
        table_rows(data),
    )


def _money(data: Dataset, prefix: str) -> Panel:
    series = [
        charts.Series(column_label(name), tuple(float(v or 0) for v in data.column(name)))
        for name in ("decided_cents", "delivered_cents")
    ]
    chart = charts.bar_chart(
        f"{prefix}-money",
        _("Money decided by residents against money delivered"),
        _("Bar chart per year in euros; the same numbers are in the table below."),
        [str(y) for y in data.column("year")],
        series,
        fmt=_euros,
        empty_text=_("No certified results yet."),
    )
    return Panel(
        "money",
        _("Money decided and delivered"),
        _(
            "Decided: the funded projects of certified results. Delivered: the money spent "
            "on projects that are delivered."
        ),
        chart,
        _("Money decided and delivered per year"),
        tuple(column_label(c) for c in data.columns),
        table_rows(data),
    )


def _delivery(data: Dataset, prefix: str) -> Panel:
    chart = charts.bar_chart(
        f"{prefix}-delivery",
        _("Projects per delivery status"),
        _("Bar chart; the same numbers are in the table below."),
        [status_label(str(s)) for s in data.column("status")],
        [charts.Series(_("Projects"), tuple(float(v or 0) for v in data.column("projects")))],
        empty_text=_("No projects yet."),
    )
    return Panel(
        "delivery",
        _("Delivery progress"),
        _("Projects that came out of certified results, by how far delivery has come."),
        chart,
        _("Projects per delivery status"),
        tuple(column_label(c) for c in data.columns),
        table_rows(data),
    )


def _aligned(panel: Panel, data: Dataset) -> Panel:
    numeric = tuple(column not in TEXT_COLUMNS for column in data.columns)
    return replace(panel, numeric=numeric)


def panels(facts: Facts, prefix: str = "chart") -> list[Panel]:
    """The four dashboard panels of a scope, in page order."""
    builders = {"activity": _activity, "turnout": _turnout, "money": _money, "delivery": _delivery}
    found = []
    for name, build in builders.items():
        data = dataset(facts, name)
        found.append(_aligned(build(data, prefix), data))
    return found


def comparison_panel(data: Dataset) -> Panel:
    """The compare page: participants per area and year as bars, every figure in the table."""
    years = sorted({int(str(y)) for y in data.column("year")})
    areas: dict[str, dict[int, float]] = {}
    for row in data.rows:
        areas.setdefault(f"{row[1]} ({row[0]})", {})[int(str(row[2]))] = float(row[5] or 0)
    series = [
        charts.Series(name, tuple(values.get(year) for year in years))
        for name, values in areas.items()
    ]
    chart = charts.bar_chart(
        "compare-participants",
        _("Participants per area and year"),
        _("Bar chart; every figure is in the table below."),
        [str(y) for y in years],
        series,
        empty_text=_("Nothing to compare yet."),
    )
    panel = Panel(
        "comparison",
        _("Comparison"),
        "",
        chart,
        _("Areas and years compared"),
        tuple(column_label(c) for c in data.columns),
        table_rows(data),
    )
    return _aligned(panel, data)
