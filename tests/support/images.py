"""Real test photos made with Pillow (the upload path decodes and re-encodes every photo)."""

from __future__ import annotations

import io
import os

from PIL import Image


def png(width: int = 8, height: int = 8) -> bytes:
    """A small real PNG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(out, "PNG")
    return out.getvalue()


def noisy_png(target_bytes: int) -> bytes:
    """A PNG of random pixels just under `target_bytes` (noise does not compress)."""
    side = int((target_bytes * 0.97 / 3) ** 0.5)
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF holds a GPS position (Groningen), a camera make and a comment."""
    image = Image.new("RGB", (32, 24), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "WijkstemCam"  # Make
    gps = {1: "N", 2: (53.0, 13.0, 8.0), 3: "E", 4: (6.0, 34.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return out.getvalue()
