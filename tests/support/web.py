"""HTTP helpers for integration tests: CSRF-aware form posts, logins, test accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

CSRF_COOKIE = "wijkstem_csrf"
DEFAULT_PASSWORD = "correct horse battery"


async def csrf_token(client: httpx.AsyncClient, path: str = "/") -> str:
    """Fetch a page so the CSRF cookie is set, and return the token forms must echo."""
    if CSRF_COOKIE not in client.cookies:
        await client.get(path)
    return str(client.cookies[CSRF_COOKIE])


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, Any] | None = None
) -> Any:
    """POST a form the way a browser does, with the CSRF token, without following redirects."""
    token = await csrf_token(client)
    body = {"_csrf_token": token, **(data or {})}
    return await client.post(path, data=body, follow_redirects=False)


@dataclass(frozen=True)
class Account:
    """A test account and its password."""

    id: int
    email: str
    password: str


def unique_email(prefix: str = "user") -> str:
    """An address no other test uses."""
    return f"{prefix}-{secrets.token_hex(5)}@example.org"


async def login(client: httpx.AsyncClient, account: Account) -> Any:
    """Log in through the real login form; returns the response."""
    response = await post_form(
        client, "/account/inloggen", {"email": account.email, "password": account.password}
    )
    assert response.status_code in (302, 303), response.text
    return response


def client_at(app: Any, address: str, **headers: str) -> httpx.AsyncClient:
    """A browser-like client whose connection comes from `address` (with optional headers)."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000", headers=headers)
