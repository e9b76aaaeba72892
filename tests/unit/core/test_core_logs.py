"""Log lines: JSON in production with the request id, and nothing else of the visitor."""

from __future__ import annotations

import json
import logging

from app.logs import JsonFormatter, request_id


def test_a_json_line_carries_the_request_id_and_the_access_fields() -> None:
    """One JSON object per line: level, logger, message, request id, route, status."""
    token = request_id.set("abc123def456")
    try:
        record = logging.LogRecord(
            "wijkstem.access", logging.INFO, "x", 1, "GET home 200", (), None
        )
        record.request_id = request_id.get()
        record.route, record.status = "home", 200
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "abc123def456"
    assert (line["level"], line["logger"], line["route"], line["status"]) == (
        "info",
        "wijkstem.access",
        "home",
        200,
    )
