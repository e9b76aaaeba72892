"""A tiny SMTP relay on loopback (with STARTTLS) that keeps what it receives, for `make faults`."""

from __future__ import annotations

import email
import socketserver
import ssl
import threading
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path


class Sink:
    """The received messages; thread-safe. `answer_delay` holds each "250" back a little, as a
    busy relay does (it widens the window where a killed sender cannot know the answer)."""

    def __init__(self, answer_delay: float = 0.0) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.answer_delay = answer_delay

    def keep(self, raw: bytes) -> None:
        """Store one message."""
        message = email.message_from_bytes(raw, policy=policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]  # an EmailMessage under policy.default


def serve(sink: Sink, cert: Path, key: Path) -> tuple[socketserver.ThreadingTCPServer, int]:
    """Start the relay in a thread; answers the server and its port."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    class Handler(socketserver.StreamRequestHandler):
        def say(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")
            self.wfile.flush()

        def handle(self) -> None:
            self.say("220 sink ESMTP")
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.wfile.write(b"250-sink\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n")
                    self.wfile.flush()
                elif verb == "STARTTLS":
                    self.say("220 go ahead")
                    self.connection = context.wrap_socket(self.connection, server_side=True)
                    self.rfile = self.connection.makefile("rb")
                    self.wfile = self.connection.makefile("wb")
                elif verb == "AUTH":
                    self.say("235 ok")
                elif verb == "DATA":
                    self.say("354 end with .")
                    lines = []
                    while (part := self.rfile.readline()) not in (b".\r\n", b""):
                        lines.append(part[1:] if part.startswith(b"..") else part)
                    sink.keep(b"".join(lines))
                    time.sleep(sink.answer_delay)
                    self.say("250 queued")
                elif verb == "QUIT":
                    self.say("221 bye")
                    return
                else:
                    self.say("250 ok")

    class Server(socketserver.ThreadingTCPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            """A runner killed mid-conversation is expected here: say nothing."""

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, int(server.server_address[1])
