"""A real SMTP relay on loopback (STARTTLS, self-signed) whose answers a test chooses."""

from __future__ import annotations

import datetime as dt
import email
import socketserver
import ssl
import threading
from email import policy
from email.message import EmailMessage
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate and key for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "relay-cert.pem", folder / "relay-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Relay:
    """Keeps what it accepted. `end_of_data` is its answer after a message: "250", "451",
    "554", or "hang up" (close the line without answering). With `hold` set it waits for
    `release` before answering, so a test can stop the sender in that window."""

    def __init__(self, folder: Path) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.end_of_data = "250"
        self.hold = False
        self.received = threading.Event()
        self.release = threading.Event()
        cert, key = self_signed(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _handler(self, context))
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def to(self, address: str) -> list[EmailMessage]:
        """The accepted messages addressed to one recipient."""
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def close(self) -> None:
        """Stop listening."""
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _handler(relay: Relay, context: ssl.SSLContext) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def say(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")
            self.wfile.flush()

        def data(self) -> bool:
            self.say("354 end with .")
            lines = []
            while (part := self.rfile.readline()) not in (b".\r\n", b""):
                lines.append(part[1:] if part.startswith(b"..") else part)
            relay.received.set()
            if relay.hold:
                relay.release.wait(10)
            answer = relay.end_of_data
            if answer == "hang up":
                return False
            if answer == "250":
                message = email.message_from_bytes(b"".join(lines), policy=policy.default)
                with relay.lock:
                    relay.messages.append(message)  # type: ignore[arg-type]
            self.say(f"{answer} {'queued' if answer == '250' else 'not taken'}")
            return True

        def handle(self) -> None:
            self.say("220 relay ESMTP")
            while line := self.rfile.readline():
                verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.wfile.write(b"250-relay\r\n250 STARTTLS\r\n")
                    self.wfile.flush()
                elif verb == "STARTTLS":
                    self.say("220 go ahead")
                    self.connection = context.wrap_socket(self.connection, server_side=True)
                    self.rfile = self.connection.makefile("rb")
                    self.wfile = self.connection.makefile("wb")
                elif verb == "DATA":
                    if not self.data():
                        return
                elif verb == "QUIT":
                    self.say("221 bye")
                    return
                else:
                    self.say("250 ok")

    return Handler
