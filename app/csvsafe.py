"""The one CSV writer for every download: cells a spreadsheet would run as formulas are defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Protocol

# A text cell starting with one of these (after any spaces) would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def safe_cell(value: object) -> object:
    """The value, with text that a spreadsheet would read as a formula prefixed by a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every cell goes through `safe_cell`."""

    def __init__(self, handle: _Writable) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, defusing each cell."""
        self._writer.writerow([safe_cell(value) for value in row])


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The header and rows as CSV text (comma separated, CRLF line ends, RFC 4180)."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()
