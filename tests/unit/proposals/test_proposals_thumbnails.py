"""Card thumbnails: small, upright, and without the camera's metadata (EXIF)."""

from __future__ import annotations

import io

from PIL import Image

from proposals.thumbnails import SIZE, make


def _photo_with_location() -> bytes:
    image = Image.new("RGB", (2000, 1500), (40, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0132] = "2026:06:01 12:00:00"  # DateTime
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_thumbnail_is_small_and_carries_no_metadata() -> None:
    original = _photo_with_location()
    assert Image.open(io.BytesIO(original)).getexif()  # the camera's data is there to begin with
    small = Image.open(io.BytesIO(make(original)))
    assert small.format == "JPEG"
    assert small.width <= SIZE[0] and small.height <= SIZE[1]
    assert not small.getexif() and "exif" not in small.info and "icc_profile" not in small.info
