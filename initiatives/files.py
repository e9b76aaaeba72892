"""Stored files of initiatives: photos and quotes (public) and receipts (never public).

The type is sniffed from the bytes, never taken from the client; files get random names and
become visible only after the transaction that names them committed.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from app import images
from app.runtime import current_settings

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 3
MAX_RECEIPTS = 10
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
IMAGES = frozenset({"image/jpeg", "image/png", "image/webp"})
_NAME = re.compile(r"^[A-Za-z0-9_-]{20,60}\.(jpg|png|webp|pdf)$")


@dataclass(frozen=True)
class Upload:
    """A file as the form sent it (at most MAX_BYTES + 1 read) and its description."""

    data: bytes
    alt_text: str = ""


def sniff(data: bytes) -> str | None:
    """JPEG, PNG, WebP or PDF, as the first bytes prove it."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def accepted(data: bytes) -> tuple[str, bytes] | None:
    """The type and the bytes to store: photos re-encoded without metadata, PDFs as sent."""
    kind = sniff(data)
    if kind in IMAGES:
        cleaned = images.clean(data)
        if cleaned is None:
            return None
        data, kind = cleaned
    return None if kind is None else (kind, data)


def valid_name(name: str) -> bool:
    """Whether a requested name has the shape of one we generated (no paths)."""
    return bool(_NAME.match(name))


def directory(private: bool) -> Path:
    """Public photos and private receipts live in separate folders."""
    return current_settings().uploads_dir / ("receipts" if private else "initiatives")


def new_name(content_type: str) -> str:
    """A fresh random file name with the extension of its type."""
    return f"{secrets.token_urlsafe(24)}.{EXTENSIONS[content_type]}"


def write_pending(name: str, data: bytes, private: bool) -> None:
    """Write under a temporary name; `publish` makes it visible after the commit."""
    folder = directory(private)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f".incoming-{name}").write_bytes(data)


def publish(names: list[str], private: bool) -> None:
    """Move committed files to their final names."""
    for name in names:
        (directory(private) / f".incoming-{name}").replace(directory(private) / name)


def discard_pending(names: list[str], private: bool) -> None:
    """Remove the temporary files of a transaction that failed."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (directory(private) / f".incoming-{name}").unlink()


def remove(names: list[str], private: bool) -> None:
    """Delete stored files (after the rows naming them are gone)."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (directory(private) / name).unlink()


def read(name: str, private: bool) -> bytes | None:
    """The bytes of a stored file, or None."""
    if not valid_name(name):
        return None
    try:
        return (directory(private) / name).read_bytes()
    except FileNotFoundError:
        return None
