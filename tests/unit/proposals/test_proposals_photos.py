"""Photo types are proven by their first bytes, never by the name or the client's claim."""

from __future__ import annotations

import pytest

from proposals import photos
from proposals.validation import check_photos


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"GIF89a", None),
        (b"<html><script>alert(1)</script>", None),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"", None),
    ],
)
def test_sniff(data: bytes, expected: str | None) -> None:
    assert photos.sniff(data) == expected


def test_generated_names_are_random_and_valid() -> None:
    first, second = photos.new_name("image/png"), photos.new_name("image/png")
    assert first != second
    assert first.endswith(".png")
    assert photos.valid_name(first)
    assert not photos.valid_name("../../etc/passwd")
    assert not photos.valid_name("kort.png")


def test_too_many_too_large_and_fake_photos_are_problems() -> None:
    png = b"\x89PNG\r\n\x1a\n"  # the type check alone; clean_upload decodes before it
    problems: dict[str, str] = {}
    check_photos([photos.Upload(png, "")] * 2, kept=2, problems=problems)
    assert "photo_1" in problems
    problems = {}
    uploads = [
        photos.Upload(png, "ok"),
        photos.Upload(png + b"\x00" * photos.MAX_BYTES, ""),
        photos.Upload(b"nope", ""),
    ]
    checked = check_photos(uploads, kept=0, problems=problems)
    assert [kind for _upload, kind in checked] == ["image/png"]
    assert set(problems) == {"photo_2", "photo_3"}
