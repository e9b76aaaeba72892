"""The one response for stored uploads (photos, thumbnails, attachments): never sniffed."""

from __future__ import annotations

from litestar import Response

UPLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def stored_file(
    data: bytes | None, content_type: str, *, cache: str, attachment: bool = False
) -> Response[bytes]:
    """The file with its stored type, or a plain 404 when there is none to show."""
    if data is None:
        return Response(content=b"", status_code=404, media_type="text/plain")
    return Response(
        content=data,
        media_type=content_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "attachment" if attachment else "inline",
            "Content-Security-Policy": UPLOAD_CSP,
            "Cache-Control": cache,
        },
    )
