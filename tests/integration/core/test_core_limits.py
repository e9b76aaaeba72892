"""Request limits: anonymous requests never cause a 500 or stall the server."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.support.web import csrf_token, post_form

Client = httpx.AsyncClient


async def test_a_huge_page_number_is_refused_not_a_server_error(client: Client) -> None:
    """/audit?page_number= beyond any integer the database stores answers 400, not 500."""
    response = await client.get("/audit?page_number=99999999999999999999")
    assert response.status_code == 400
    assert "too large" in response.text or "te groot" in response.text
    assert (await client.get("/audit?page_number=2")).status_code == 200


async def test_a_huge_id_in_the_path_is_not_found(client: Client) -> None:
    """An id no row can have is a 404 on SQLite and PostgreSQL alike."""
    for path in ("/stemmen/99999999999", "/rondes/3000000000", "/rondes/-3000000000"):
        response = await client.get(path)
        assert response.status_code == 404, path


async def test_a_form_with_a_million_fields_is_refused_quickly(client: Client) -> None:
    """An 11 MB form of 1.3 million fields is refused while it streams in, in well under 2 s."""
    token = await csrf_token(client)
    body = (f"_csrf_token={token}&" + "a=1&" * 1_300_000).encode()
    started = time.perf_counter()
    response = await client.post(
        "/account/inloggen",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 413
    assert elapsed < 2.0


async def test_deeply_nested_json_is_refused() -> None:
    """JSON nested thousands deep is refused with 413 before anything parses it."""
    from litestar import Litestar, Request, post

    from app.web.limits import request_limits

    @post("/echo")
    async def echo(request: Request[Any, Any, Any]) -> dict[str, int]:
        return {"keys": len(await request.json())}

    app = Litestar([echo], middleware=[request_limits])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as plain:
        deep = await plain.post("/echo", content=b"[" * 100_000 + b"]" * 100_000)
        fine = await plain.post("/echo", json={"a": [[1, 2], {"b": "[[[[[[[[["}]})
        tricky = await plain.post("/echo", json={"s": '\\"[' * 50, "t": [1]})
    assert deep.status_code == 413
    assert fine.status_code == 201
    assert fine.json() == {"keys": 1}
    assert tricky.status_code == 201


async def test_a_normal_form_still_works(client: Client) -> None:
    """The limits leave ordinary forms alone."""
    response = await post_form(client, "/taal", {"language": "en", "next": "/"})
    assert response.status_code in (302, 303)


async def test_router_errors_carry_the_security_headers(client: Client) -> None:
    """The router's own 404 and 405 answers carry the same headers as every page."""
    for response in (
        await client.get("/bestaat-niet"),
        await client.delete("/"),
        await client.get("/static/bestaat-niet.css"),
    ):
        assert response.status_code in (404, 405)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
