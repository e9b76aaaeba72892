"""Read the development outbox the way a resident reads their mail."""

from __future__ import annotations

import email
import re
import time
from email import policy
from pathlib import Path


def latest_link(outbox: Path, to: str, contains: str, timeout: float = 40.0) -> str:
    """The first link containing `contains` in the newest message sent to `to`.

    Mail is sent by the job runner after the request, so it may take a moment to arrive.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)
        for path in messages:
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if to.lower() not in str(message["To"]).lower():
                continue
            body = message.get_body(preferencelist=("plain", "html"))
            text = body.get_content() if body is not None else ""
            for link in re.findall(r"https?://\S+", text):
                if contains in link:
                    return link.rstrip(".,)>\"'")
        time.sleep(0.2)
    raise AssertionError(f"no mail to {to} with a link containing {contains!r}")
