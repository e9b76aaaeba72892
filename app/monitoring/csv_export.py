"""CSV downloads: plain UTF-8 tables with a header row, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from litestar import Response

from app.monitoring.figures import Dataset

# A text cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would read as a formula prefixed by a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The header and rows as CSV text (comma separated, CRLF line ends, RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def dataset_csv(data: Dataset) -> str:
    """A dashboard dataset as CSV; money stays in integer cents, turnout in percent."""
    return csv_text(data.columns, data.rows)


def csv_response(text: str, filename: str) -> Response[str]:
    """A CSV download with its file name."""
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
