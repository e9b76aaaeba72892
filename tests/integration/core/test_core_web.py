"""Platform-wide web behaviour: security headers, CSRF refusals, error pages, language choice."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.web import post_form


async def test_pages_carry_security_headers(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in response.headers  # development


async def test_a_form_without_csrf_token_is_refused_with_an_explanation(
    client: AsyncTestClient[Litestar],
) -> None:
    await client.get("/")
    response = await client.post("/taal", data={"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "formulier is verlopen" in response.text
    assert "wijkstem_lang" not in response.cookies


async def test_unknown_pages_get_a_helpful_404_in_dutch(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert '<html lang="nl">' in response.text


async def test_unknown_api_paths_answer_json(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.json()["status"] == 404


async def test_the_language_switch_is_remembered(client: AsyncTestClient[Litestar]) -> None:
    response = await post_form(client, "/taal", {"language": "en", "next": "/audit"})
    assert response.status_code == 303
    assert response.headers["location"] == "/audit"
    page = await client.get("/audit")
    assert '<html lang="en">' in page.text
    assert "Audit log" in page.text
    back = await post_form(client, "/taal", {"language": "nl", "next": "https://evil.example/"})
    assert back.headers["location"] == "/"
    assert "Auditlog" in (await client.get("/audit")).text


async def test_the_audit_page_shows_the_head_hash(client: AsyncTestClient[Litestar]) -> None:
    from app.audit import queries

    response = await client.get("/audit")
    assert response.status_code == 200
    assert await queries.head_hash() in response.text


async def test_the_openapi_schema_is_served(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Wijkstem open data API"
    page = await client.get("/")
    assert "cdn" not in page.text.lower()  # no external assets anywhere
