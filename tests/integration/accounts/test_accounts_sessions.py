"""Sessions: a new id at every login, logout on the server, idle and absolute timeouts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.web import Account, login, post_form

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Account]]
COOKIE = "wijkstem_session"


async def _signed_in(client: Client) -> bool:
    response = await client.get("/account", follow_redirects=False)
    return response.status_code == 200


async def test_login_sets_a_fresh_cookie_and_ends_the_previous_session(
    client: Client, make_user: MakeUser
) -> None:
    """Each login issues a new token; the token held before it no longer works."""
    from app.accounts.sessions import load_session

    account = await make_user()
    response = await login(client, account)
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "path=/" in set_cookie
    first = client.cookies[COOKIE]
    assert (await load_session(first)).id == account.id

    await login(client, account)
    second = client.cookies[COOKIE]
    assert first != second
    assert (await load_session(first)).id is None
    assert (await load_session(second)).id == account.id
    assert await _signed_in(client)


async def test_login_follows_only_local_next(client: Client, make_user: MakeUser) -> None:
    """After login the browser goes to a local `next`, never to another site."""
    account = await make_user()
    form = {"email": account.email, "password": account.password}
    local = await post_form(client, "/account/inloggen", {**form, "next": "/audit"})
    assert local.headers["location"] == "/audit"
    foreign = await post_form(client, "/account/inloggen", {**form, "next": "//evil.example"})
    assert foreign.headers["location"] == "/"


async def test_logout_ends_the_session_on_the_server(client: Client, make_user: MakeUser) -> None:
    """Replaying the cookie after logout shows an anonymous visitor."""
    from app.accounts.sessions import load_session

    account = await make_user()
    await login(client, account)
    token = client.cookies[COOKIE]
    response = await post_form(client, "/account/uitloggen")
    assert response.status_code == 303
    assert (await load_session(token)).id is None
    client.cookies.set(COOKIE, token)
    assert not await _signed_in(client)


async def test_idle_timeout_ends_a_session(client: Client, make_user: MakeUser) -> None:
    """A session unused for longer than the idle limit is gone."""
    from app.accounts.sessions import load_session
    from app.settings import get_settings

    account = await make_user()
    await login(client, account)
    token = client.cookies[COOKIE]
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    soon = datetime.now(UTC) + idle - timedelta(minutes=1)
    assert (await load_session(token, now=soon)).id == account.id
    assert (await load_session(token, now=soon + idle + timedelta(minutes=1))).id is None
    assert not await _signed_in(client)


async def test_absolute_timeout_ends_an_active_session(client: Client, make_user: MakeUser) -> None:
    """Even a session in constant use ends when it is older than the absolute limit."""
    from app.accounts.sessions import load_session, token_hash
    from app.accounts.tables import UserSession
    from app.settings import get_settings

    account = await make_user()
    await login(client, account)
    token = client.cookies[COOKIE]
    now = datetime.now(UTC)
    started = now - timedelta(hours=get_settings().session_absolute_hours, minutes=1)
    await UserSession.update(
        {UserSession.created_at: started, UserSession.last_seen_at: now}
    ).where(UserSession.token_hash == token_hash(token))
    assert (await load_session(token, now=now)).id is None
    assert not await _signed_in(client)


async def test_account_page_needs_login(client: Client) -> None:
    """An anonymous visitor is sent to the login page, which returns to the account page."""
    response = await client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/account/inloggen?next=/account"


async def test_unconfirmed_account_can_log_in_and_is_told(
    client: Client, outbox: Callable[[str], Awaitable[list[str]]]
) -> None:
    """Login works before confirmation; the account page says so and can resend the link."""
    from app.accounts import queries, services
    from tests.support.web import DEFAULT_PASSWORD, unique_email

    email = unique_email("unconfirmed")
    assert (await services.register("Bram", email, DEFAULT_PASSWORD, "9712AB")).ok
    user_id = await queries.user_id_by_email(email)
    assert user_id is not None
    await login(client, Account(id=user_id, email=email, password=DEFAULT_PASSWORD))
    page = await client.get("/account")
    assert 'data-testid="email-unconfirmed"' in page.text
    resent = await post_form(client, "/account/bevestiging")
    assert resent.status_code == 303
    links = await outbox(email)
    assert len(links) == 2
    assert (await client.get(links[0])).status_code == 400  # replaced by the new link
    assert (await client.get(links[1])).status_code == 200
    assert 'data-testid="email-unconfirmed"' not in (await client.get("/account")).text
