"""Small photos for proposal cards: made once with Pillow, re-encoded so no metadata survives."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

from proposals import photos

SIZE = (480, 360)


def _path(name: str) -> Path:
    return photos.directory() / "thumbs" / f"{Path(name).stem}.jpg"


def make(data: bytes) -> bytes:
    """A JPEG of at most SIZE, turned upright, with no EXIF, GPS or other metadata."""
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        picture = upright.convert("RGB")
        picture.thumbnail(SIZE)
        out = io.BytesIO()
        # A fresh RGB image saved without exif/icc arguments carries no metadata.
        picture.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()


def thumbnail(name: str) -> bytes | None:
    """The card-sized photo for a stored photo (cached on disk), or None if it is gone."""
    cached = _path(name)
    if cached.exists():
        return cached.read_bytes()
    data = photos.read(name)
    if data is None:
        return None
    try:
        small = make(data)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(small)
    return small
