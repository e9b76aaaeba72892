"""Photos are re-encoded: GPS and every other piece of metadata is gone; bombs are refused."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from app import images
from tests.support.images import jpeg_with_gps, png


def test_a_jpeg_loses_its_gps_position_and_camera() -> None:
    """EXIF (GPS, make) and comments do not survive; the pixels do."""
    original = jpeg_with_gps()
    assert b"WijkstemCam" in original and b"secret comment" in original
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)
    cleaned = images.clean(original)
    assert cleaned is not None
    data, kind = cleaned
    assert kind == "image/jpeg"
    assert b"WijkstemCam" not in data and b"secret comment" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as after:
        assert not after.getexif()
        assert after.size == (32, 24)


def test_png_text_chunks_are_dropped() -> None:
    """A PNG tEXt chunk (a place name, an author) is not kept."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Oosterpark 12")
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG", pnginfo=info)
    cleaned = images.clean(out.getvalue())
    assert cleaned is not None and b"Oosterpark" not in cleaned[0]


def _bomb_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1) * 16)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_too_many_pixels_and_non_photos_are_refused() -> None:
    """A 100-megapixel header, a GIF, text with a PNG header: not photos."""
    assert images.clean(_bomb_png(10_000, 10_000)) is None
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    assert images.clean(gif.getvalue()) is None
    assert images.clean(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) is None
    assert images.clean(b"<svg onload=alert(1)>") is None


def test_large_photos_are_scaled_down_and_kept_in_their_type() -> None:
    """A photo wider than MAX_SIDE is scaled down; a small PNG stays a PNG."""
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000)).save(out, "WEBP")
    cleaned = images.clean(out.getvalue())
    assert cleaned is not None and cleaned[1] == "image/webp"
    with Image.open(io.BytesIO(cleaned[0])) as result:
        assert max(result.size) == images.MAX_SIDE
    small = images.clean(png())
    assert small is not None and small[1] == "image/png"
