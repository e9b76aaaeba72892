"""The one place that maps a use case's answer (app.answer) to an HTTP status."""

from __future__ import annotations

from typing import Any

from app.answer import CONFLICT, FAILED, FORBIDDEN, FORM, LOGIN, MISSING, THROTTLED, Answer

STATUS = {
    LOGIN: 401,
    FORBIDDEN: 403,
    MISSING: 404,
    CONFLICT: 409,
    FORM: 400,
    THROTTLED: 429,
    FAILED: 500,
}


def status_of(answer: Answer[Any], ok: int = 200) -> int:
    """The status of a page answering this: `ok` when it worked, 400 for field problems."""
    if answer.ok:
        return ok
    return STATUS.get(answer.reason, 400)
