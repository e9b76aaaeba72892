"""Every log record of the security run, kept so a test can search it for secrets."""

from __future__ import annotations

import logging

IGNORED = ("httpx", "httpcore", "asyncio", "faker")  # the test client's own chatter


class Capture(logging.Handler):
    """Keeps the formatted text of every record (with tracebacks) in memory."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record unless it comes from the test client."""
        if not record.name.startswith(IGNORED):
            self.lines.append(self.format(record))


CAPTURE = Capture()


def install() -> None:
    """Capture from the root logger at INFO, the level production runs at."""
    root = logging.getLogger()
    if CAPTURE not in root.handlers:  # the app's logging set-up may have replaced them
        root.addHandler(CAPTURE)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
