"""Server-side SVG bar and line charts from plain numbers: accessible, readable without JS."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Colours with at least 4.5:1 contrast on white, so bars, lines and their labels stay legible.
PALETTE: tuple[str, ...] = (
    "#0b5394",  # blue
    "#b45309",  # amber
    "#166534",  # green
    "#7e22ce",  # purple
    "#9f1239",  # rose
    "#374151",  # grey
)
TEXT = "#1a1a1a"
GRID = "#6b7280"
WIDTH = 640
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 56
LEGEND_ROW = 20


@dataclass(frozen=True)
class Series:
    """One named row of values; None is a gap (unknown), drawn as nothing."""

    name: str
    values: tuple[float | None, ...]


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _nice_top(peak: float) -> float:
    """A round upper bound for the axis at or above the highest value."""
    if peak <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= peak:
        step *= 10
    for factor in (1, 2, 2.5, 5, 10):
        if step * factor >= peak:
            return step * factor
    return step * 10  # pragma: no cover - the loop above always returns


def _open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="sans-serif" font-size="12" data-testid="dashboard-chart">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _empty(chart_id: str, title: str, description: str, empty_text: str) -> str:
    parts = _open(chart_id, title, description, 80)
    parts.append(
        f'<text x="{WIDTH // 2}" y="44" text-anchor="middle" fill="{TEXT}">'
        f"{escape(empty_text)}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _axis(parts: list[str], top_value: float, fmt: Callable[[float], str]) -> None:
    plot_h = HEIGHT - TOP - BOTTOM
    for tick in range(5):
        value = top_value * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="{1 if tick == 0 else 0.5}"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{escape(fmt(value))}</text>"
        )


def _category_labels(parts: list[str], categories: Sequence[str], band: float) -> None:
    y = HEIGHT - BOTTOM + 16
    for at, label in enumerate(categories):
        x = LEFT + band * at + band / 2
        parts.append(
            f'<text x="{x:.1f}" y="{y}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(label[:24])}</text>"
        )


def _legend(parts: list[str], series: Sequence[Series], top: int) -> None:
    for at, item in enumerate(series):
        colour = PALETTE[at % len(PALETTE)]
        y = top + at * LEGEND_ROW
        parts.append(f'<rect x="{LEFT}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{LEFT + 18}" y="{y + 10}" fill="{TEXT}">{escape(item.name[:60])}</text>'
        )


def _has_data(series: Sequence[Series]) -> bool:
    return any(value is not None for item in series for value in item.values)


def _frame(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str],
    empty_text: str,
) -> str | tuple[list[str], float, float, float]:
    """The empty chart, or the opened SVG with its axis: (parts, top value, plot height, band)."""
    if not categories or not series or not _has_data(series):
        return _empty(chart_id, title, description, empty_text)
    parts = _open(chart_id, title, description, HEIGHT + LEGEND_ROW * len(series))
    peak = max((v for item in series for v in item.values if v is not None), default=0.0)
    top_value = _nice_top(peak)
    _axis(parts, top_value, fmt)
    return parts, top_value, HEIGHT - TOP - BOTTOM, (WIDTH - LEFT - RIGHT) / len(categories)


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    fmt: Callable[[float], str] = _number,
    empty_text: str = "No data",
) -> str:
    """Grouped vertical bars: one group per category, one bar per series, values written on top."""
    frame = _frame(chart_id, title, description, categories, series, fmt, empty_text)
    if isinstance(frame, str):
        return frame
    parts, top_value, plot_h, band = frame
    bar_w = band * 0.8 / len(series)
    for s_at, item in enumerate(series):
        colour = PALETTE[s_at % len(PALETTE)]
        for c_at, value in enumerate(item.values[: len(categories)]):
            if value is None:
                continue
            bar_h = plot_h * max(value, 0) / top_value
            x = LEFT + band * c_at + band * 0.1 + bar_w * s_at
            y = TOP + plot_h - bar_h
            label = f"{categories[c_at]}, {item.name}: {fmt(value)}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" '
                f'fill="{colour}"><title>{escape(label)}</title></rect>'
            )
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'font-size="10" fill="{TEXT}">{escape(fmt(value))}</text>'
            )
    _category_labels(parts, categories, band)
    _legend(parts, series, HEIGHT - 20)
    parts.append("</svg>")
    return "\n".join(parts)


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    fmt: Callable[[float], str] = _number,
    empty_text: str = "No data",
) -> str:
    """Lines over ordered categories (e.g. years), a marked and labelled point per known value."""
    frame = _frame(chart_id, title, description, categories, series, fmt, empty_text)
    if isinstance(frame, str):
        return frame
    parts, top_value, plot_h, band = frame
    for s_at, item in enumerate(series):
        colour = PALETTE[s_at % len(PALETTE)]
        points: list[tuple[float, float, float, str]] = []
        for c_at, value in enumerate(item.values[: len(categories)]):
            if value is None:
                continue
            x = LEFT + band * c_at + band / 2
            y = TOP + plot_h - plot_h * max(value, 0) / top_value
            points.append((x, y, value, categories[c_at]))
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for x, y, value, category in points:
            label = f"{category}, {item.name}: {fmt(value)}"
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(label)}</title></circle>"
            )
            parts.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="10" '
                f'fill="{TEXT}">{escape(fmt(value))}</text>'
            )
    _category_labels(parts, categories, band)
    _legend(parts, series, HEIGHT - 20)
    parts.append("</svg>")
    return "\n".join(parts)
