"""A real SMTP relay on loopback (STARTTLS, a certificate from a throw-away CA) for tests and
`make faults`: it keeps what it accepts, and a test chooses its answers."""

from __future__ import annotations

import datetime as dt
import email
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from ipaddress import IPv4Address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class TlsFiles:
    """The CA certificate a client trusts, and the relay's own certificate and key."""

    ca: Path
    cert: Path
    key: Path


def _pem(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def tls_files(folder: Path, name: str = "relay") -> TlsFiles:
    """A throw-away CA (as a municipality's own) and a certificate it signed for 127.0.0.1."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .sign(ca_key, hashes.SHA256())
    )
    return TlsFiles(
        ca=_pem(folder / f"{name}-ca.pem", ca.public_bytes(serialization.Encoding.PEM)),
        cert=_pem(folder / f"{name}-cert.pem", leaf.public_bytes(serialization.Encoding.PEM)),
        key=_pem(
            folder / f"{name}-key.pem",
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        ),
    )


def _usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


class Relay:
    """Keeps what it accepted. `end_of_data` is its answer after a message: "250", "451",
    "554", or "hang up" (close the line without answering). With `hold` set it waits for
    `release` before answering, so a test can stop the sender in that window;
    `answer_delay` holds every answer back a little, as a busy relay does.

    `Relay(folder)` makes its certificates there and listens at once (`ca` is the file a
    client must trust); `Relay()` listens once `start(cert, key)` is called.
    """

    def __init__(self, folder: Path | None = None, answer_delay: float = 0.0) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.end_of_data = "250"
        self.hold = False
        self.answer_delay = answer_delay
        self.received = threading.Event()
        self.release = threading.Event()
        self.port = 0
        self.ca: Path | None = None
        if folder is not None:
            files = tls_files(folder)
            self.ca = files.ca
            self.start(files.cert, files.key)

    def start(self, cert: Path, key: Path) -> socketserver.ThreadingTCPServer:
        """Listen on a free loopback port (`port`) with this certificate, in a thread."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.server = _Server(("127.0.0.1", 0), _handler(self, context))
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server

    def to(self, address: str) -> list[EmailMessage]:
        """The accepted messages addressed to one recipient."""
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def close(self) -> None:
        """Stop listening."""
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, raw: bytes) -> str | None:
        """After a message: keep it if taken; the answer line, or None to hang up."""
        self.received.set()
        if self.hold:
            self.release.wait(10)
        answer = self.end_of_data
        if answer == "250":
            message = email.message_from_bytes(raw, policy=policy.default)
            with self.lock:
                self.messages.append(message)  # type: ignore[arg-type]  # policy.default
        time.sleep(self.answer_delay)
        if answer == "hang up":
            return None
        return f"{answer} {'queued' if answer == '250' else 'not taken'}"


class _Server(socketserver.ThreadingTCPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A sender killed mid-conversation, or one refusing the certificate: say nothing."""


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
            answer = relay.answer(b"".join(lines))
            if answer is not None:
                self.say(answer)
            return answer is not None

        def handle(self) -> None:
            self.say("220 relay ESMTP")
            while line := self.rfile.readline():
                verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.wfile.write(b"250-relay\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n")
                    self.wfile.flush()
                elif verb == "STARTTLS":
                    self.say("220 go ahead")
                    self.connection = context.wrap_socket(self.connection, server_side=True)
                    self.rfile = self.connection.makefile("rb")
                    self.wfile = self.connection.makefile("wb")
                elif verb == "AUTH":
                    self.say("235 ok")
                elif verb == "DATA":
                    if not self.data():
                        return
                elif verb == "QUIT":
                    self.say("221 bye")
                    return
                else:
                    self.say("250 ok")

    return Handler
