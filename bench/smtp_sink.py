"""The SMTP relay of `make faults`: the tests' loopback relay (tests/support/smtp_relay.py)."""

from __future__ import annotations

import socketserver
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.smtp_relay import Relay, tls_files

__all__ = ["Sink", "serve", "tls_files"]


Sink = Relay  # `Sink(answer_delay=…)`: messages under `lock`, started by `serve`


def serve(sink: Sink, cert: Path, key: Path) -> tuple[socketserver.ThreadingTCPServer, int]:
    """Start the relay in a thread; answers the server and its port."""
    return sink.start(cert, key), sink.port
