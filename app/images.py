"""Uploaded photos re-encoded with Pillow: every byte we serve is ours, with no metadata left.

A JPEG from a phone carries EXIF (GPS position, camera serial, time); PNG and WebP carry text
chunks and XMP. Decoding the pixels and encoding them afresh drops all of it, and refuses
anything Pillow cannot read as a still JPEG, PNG or WebP image within the limits.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 40-megapixel photo; decompression bombs are far larger
MAX_SIDE = 2560  # what we keep: enough for any screen, small enough to serve quickly
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def clean(data: bytes) -> tuple[bytes, str] | None:
    """The photo re-encoded without metadata, and its type; None when it is not a photo."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format or ""
                if kind not in FORMATS:
                    return None
                width, height = image.size
                if width * height > MAX_PIXELS or width < 1 or height < 1:
                    return None
                image.seek(0)  # the first frame of an animation
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((MAX_SIDE, MAX_SIDE))
                return _encode(upright, kind), FORMATS[kind]
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        EOFError,
    ):
        return None


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    has_alpha = "A" in image.mode or "transparency" in image.info
    pixels = image.convert("RGBA" if has_alpha and kind != "JPEG" else "RGB")
    pixels.info = {}  # Pillow would otherwise write comments, ICC and EXIF back out
    if kind == "JPEG":
        pixels.save(out, "JPEG", quality=85)
    elif kind == "PNG":
        pixels.save(out, "PNG", compress_level=6)
    else:
        pixels.save(out, "WEBP", quality=85)
    return out.getvalue()
