"""Proposal photos: re-encoded without metadata, size-checked, stored under a random name."""

from __future__ import annotations

import contextlib
import re
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

import anyio

from app import images
from app.runtime import current_settings

MAX_PHOTOS = 3
MAX_BYTES = 5 * 1024 * 1024
MAX_ALT = 200
_NAME = re.compile(r"^[A-Za-z0-9_-]{20,60}\.(jpg|png|webp)$")

_LIMITER = anyio.CapacityLimiter(2)  # decoding a photo takes memory and a core

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


@dataclass(frozen=True)
class Upload:
    """A photo as the form sent it: the bytes (at most MAX_BYTES + 1 read) and its alt text."""

    data: bytes
    alt_text: str


def sniff(data: bytes) -> str | None:
    """The image type the first bytes prove (JPEG, PNG or WebP), never the client's claim."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


NOT_A_PHOTO = b"\0"  # what an unreadable upload becomes: the type check then refuses it


async def clean_upload(upload: Upload) -> Upload:
    """The upload re-encoded off the event loop, metadata dropped (see app.images).

    Too large uploads are left for the size check; unreadable ones become NOT_A_PHOTO.
    """
    if not upload.data or len(upload.data) > MAX_BYTES:
        return upload
    cleaned = await anyio.to_thread.run_sync(images.clean, upload.data, limiter=_LIMITER)
    return replace(upload, data=cleaned[0] if cleaned else NOT_A_PHOTO)


def valid_name(name: str) -> bool:
    """Whether a requested file name has the shape of one we generated (no paths)."""
    return bool(_NAME.match(name))


def directory() -> Path:
    """The folder photos live in."""
    return current_settings().uploads_dir


def new_name(content_type: str) -> str:
    """A fresh random file name with the extension of its type."""
    return f"{secrets.token_urlsafe(24)}.{EXTENSIONS[content_type]}"


def _temporary(name: str) -> Path:
    return directory() / f".incoming-{name}"


def write_pending(name: str, data: bytes) -> None:
    """Write a photo to its temporary name; it becomes visible only after `publish`."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    _temporary(name).write_bytes(data)


def publish(names: list[str]) -> None:
    """Move committed photos from their temporary names to their final ones."""
    for name in names:
        _temporary(name).replace(directory() / name)


def discard_pending(names: list[str]) -> None:
    """Remove the temporary files of photos whose transaction failed."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            _temporary(name).unlink()


def remove(names: list[str]) -> None:
    """Delete published photos (after the rows that named them are gone)."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (directory() / name).unlink()


def read(name: str) -> bytes | None:
    """The bytes of a published photo, or None when the file is missing."""
    if not valid_name(name):
        return None
    try:
        return (directory() / name).read_bytes()
    except FileNotFoundError:
        return None
