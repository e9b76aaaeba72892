"""A server-drawn SVG bar chart of a result: votes per proposal, the chosen ones marked."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ballots.results.explain import ProjectLine

# Drawn for a phone: 360 units wide shows 14-unit text at about 13 px on a 360 px screen.
WIDTH = 360
ROW = 54
NAME_CHARS = 34
CHOSEN = "#105f26"
OTHER = "#586c88"
TEXT = "#001a40"


def votes_chart(
    lines: Sequence[ProjectLine], title: str, description: str, votes_word: str, chosen_word: str
) -> str:
    """One row per proposal: its name, a bar as long as its votes, and whether it was chosen."""
    peak = max((line.score for line in lines), default=0) or 1
    height = ROW * max(1, len(lines)) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="votes-chart-title votes-chart-desc" '
        f'font-family="system-ui, sans-serif" font-size="14" data-testid="result-chart">',
        f'<title id="votes-chart-title">{escape(title)}</title>',
        f'<desc id="votes-chart-desc">{escape(description)}</desc>',
    ]
    for row, line in enumerate(lines):
        top = row * ROW + 6
        colour = CHOSEN if line.funded else OTHER
        length = max(2.0, (WIDTH - 190) * line.score / peak)
        name = line.name if len(line.name) <= NAME_CHARS else line.name[: NAME_CHARS - 1] + "…"
        # "chosen" goes beside the bar, not after the name: a long name then still fits a phone.
        name = f"✓ {name}" if line.funded else name
        label = f"{line.score} {votes_word}" + (f" ({chosen_word})" if line.funded else "")
        weight = "700" if line.funded else "400"
        parts += [
            f'<text x="0" y="{top + 14}" fill="{TEXT}" font-weight="{weight}">'
            f"{escape(name)}</text>",
            f'<rect x="0" y="{top + 22}" width="{length:.1f}" height="20" rx="3" fill="{colour}"/>',
            f'<text x="{length + 6:.1f}" y="{top + 37}" fill="{TEXT}">{escape(label)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
