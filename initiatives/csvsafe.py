"""Formula-safe CSV cells: a cell a spreadsheet would run as a formula is quoted with a '."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def cell(value: object) -> str:
    """The text of a cell; text starting with a formula trigger gets a leading apostrophe.

    Plain integers (amounts in cents, negative ones too) are written as they are.
    """
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_TRIGGERS) else text


def write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV document (comma-separated, CRLF) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell(name) for name in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
