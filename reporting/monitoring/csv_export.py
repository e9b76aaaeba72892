"""CSV downloads: plain UTF-8 tables with a header row, safe to open in a spreadsheet."""

from __future__ import annotations

from litestar import Response

from app.csvsafe import csv_text, safe_cell
from reporting.monitoring.figures import Dataset

__all__ = ["csv_response", "csv_text", "dataset_csv", "safe_cell"]


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
