"""Integration fixtures: a migrated database, the app, an HTTP client, users and logins."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from litestar import Litestar

from tests.support.web import DEFAULT_PASSWORD, Account, unique_email


@pytest.fixture(scope="session", autouse=True)
async def migrated() -> AsyncIterator[None]:
    """Apply every migration once per run (this also tests the migrations on the engine)."""
    from app.cli import migrate
    from app.db import close_pool, start_pool

    await start_pool()
    await migrate()
    yield
    await close_pool()


@pytest.fixture(scope="session")
def app() -> Litestar:
    """One application for the whole run."""
    from app.web.factory import create_app

    application = create_app()
    application.on_startup.clear()  # the pool is opened by `migrated`, on the test loop
    application.on_shutdown.clear()
    return application


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A fresh browser-like client (own cookies) for each test, on the test's event loop.

    (Litestar's AsyncTestClient runs the app on another loop, which the PostgreSQL pool,
    opened on the test loop, cannot serve.)
    """
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
        yield c


@pytest.fixture
def make_user() -> Callable[..., Awaitable[Account]]:
    """Create a confirmed account with an optional role, straight through the service."""

    async def factory(
        role: str = "resident", area_code: str = "", postcode: str = "9712AB", **extra: Any
    ) -> Account:
        from app.accounts import queries, services

        email = unique_email(role)
        created = await services.create_user_with_role(
            email=email,
            name=extra.get("name", role.title()),
            password=DEFAULT_PASSWORD,
            role=role,
            area_code=area_code,
            postcode=postcode,
        )
        assert created.ok, created.problems
        user_id = await queries.user_id_by_email(email)
        assert user_id is not None
        return Account(id=user_id, email=email, password=DEFAULT_PASSWORD)

    return factory
