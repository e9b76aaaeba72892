"""The password throttles: back-off per (account, address), never a lock-out of the owner."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace

import httpx
import pytest
from litestar import Litestar

from tests.integration.accounts.conftest import StoppedClock
from tests.support.web import Account, client_at, csrf_token, login, post_form, unique_email

Client = httpx.AsyncClient
MakeUser = Callable[..., Awaitable[Account]]
WRONG = "wrong password!"


async def _attempt(client: Client, email: str, password: str) -> tuple[int, str]:
    response = await post_form(client, "/account/inloggen", {"email": email, "password": password})
    return response.status_code, response.text


@pytest.fixture
def behind_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app believes X-Forwarded-For from 10.0.0.0/8 (a reverse proxy)."""
    from app.settings import get_settings
    from app.web import helpers

    settings = replace(get_settings(), trusted_proxies=("10.0.0.0/8",))
    monkeypatch.setattr(helpers, "current_settings", lambda: settings)
    yield


async def test_pair_backs_off_after_five_failures(
    english: Client, make_user: MakeUser, throttle_clock: StoppedClock
) -> None:
    """After five wrong passwords from one address, that address must wait, even if right."""
    from app.accounts.throttle import BASE_DELAY, FREE_PER_PAIR

    account = await make_user()
    for _ in range(FREE_PER_PAIR):
        status, _text = await _attempt(english, account.email, WRONG)
        assert status == 400
    throttle_clock.advance(BASE_DELAY.total_seconds() * 0.9)
    status, text = await _attempt(english, account.email, account.password)
    assert status == 429
    assert 'data-testid="login-throttled"' in text
    assert "wijkstem_session" not in english.cookies
    throttle_clock.advance(BASE_DELAY.total_seconds() * 0.2)
    assert (await _attempt(english, account.email, account.password))[0] == 303


async def test_the_owner_elsewhere_is_never_locked_out(app: Litestar, make_user: MakeUser) -> None:
    """An attacker's failures do not stop the owner logging in from another address."""
    account = await make_user()
    async with client_at(app, "198.51.100.7") as attacker:
        for _ in range(12):
            await _attempt(attacker, account.email, WRONG)
        assert (await _attempt(attacker, account.email, account.password))[0] == 429
    async with client_at(app, "203.0.113.9") as owner:
        await login(owner, account)


async def test_back_off_ends_by_itself(make_user: MakeUser) -> None:
    """The wait after the free tries doubles, and then the owner may try again."""
    from datetime import UTC, datetime, timedelta

    from app.accounts import throttle

    start = datetime.now(UTC)
    subject = throttle.account_subject(unique_email())
    for i in range(throttle.FREE_PER_PAIR):
        assert await throttle.begin(subject, "192.0.2.1", start + timedelta(milliseconds=i))
    last = start + timedelta(milliseconds=throttle.FREE_PER_PAIR - 1)
    assert await throttle.begin(subject, "192.0.2.1", last + timedelta(milliseconds=500)) is None
    assert await throttle.begin(subject, "192.0.2.1", last + timedelta(seconds=1.5))
    later = last + timedelta(seconds=1.5)
    assert await throttle.begin(subject, "192.0.2.1", later + timedelta(seconds=1.5)) is None
    assert await throttle.begin(subject, "192.0.2.1", later + timedelta(seconds=2.5))
    assert throttle.delay(40, throttle.FREE_PER_PAIR) == throttle.MAX_DELAY


async def test_parallel_guesses_all_count(app: Litestar, make_user: MakeUser) -> None:
    """40 parallel wrong passwords: only the free tries are checked, the rest get 429."""
    from app.accounts.throttle import FREE_PER_PAIR

    account = await make_user()
    async with client_at(app, "198.51.100.8") as attacker:
        await csrf_token(attacker)
        answers = await asyncio.gather(
            *(_attempt(attacker, account.email, f"{WRONG}{i}") for i in range(40))
        )
    statuses = [status for status, _text in answers]
    assert statuses.count(400) <= FREE_PER_PAIR
    assert statuses.count(429) >= 40 - FREE_PER_PAIR


async def test_unknown_and_known_accounts_get_identical_answers(
    english: Client, make_user: MakeUser
) -> None:
    """A wrong password and an unknown email produce the same status and the same page."""
    account = await make_user()
    unknown = unique_email("nobody")
    known_status, known_text = await _attempt(english, account.email, WRONG)
    unknown_status, unknown_text = await _attempt(english, unknown, WRONG)
    assert 400 == known_status == unknown_status
    assert known_text.replace(account.email, "EMAIL") == unknown_text.replace(unknown, "EMAIL")
    assert "The email address or password is not correct." in known_text
    for _ in range(4):
        await _attempt(english, account.email, WRONG)
        await _attempt(english, unknown, WRONG)
    known_status, known_text = await _attempt(english, account.email, WRONG)
    unknown_status, unknown_text = await _attempt(english, unknown, WRONG)
    assert 429 == known_status == unknown_status
    assert known_text.replace(account.email, "EMAIL") == unknown_text.replace(unknown, "EMAIL")


async def test_address_backs_off_across_accounts(client: Client, make_user: MakeUser) -> None:
    """Many failures from one address, spread over accounts, slow that address down."""
    from app.accounts.throttle import FREE_PER_ADDRESS

    account = await make_user()
    for _ in range(FREE_PER_ADDRESS):
        status, _text = await _attempt(client, unique_email("spray"), WRONG)
        assert status == 400
    status, _text = await _attempt(client, account.email, account.password)
    assert status == 429


async def test_without_trusted_proxies_forwarded_headers_are_ignored(
    app: Litestar, make_user: MakeUser
) -> None:
    """By default a client cannot pick its own address with X-Forwarded-For."""
    account = await make_user()
    for i in range(6):
        async with client_at(app, "10.1.1.1", **{"X-Forwarded-For": f"192.0.2.{i}"}) as c:
            status, _text = await _attempt(c, account.email, WRONG)
    assert status == 429


async def test_behind_a_trusted_proxy_one_visitor_does_not_block_another(
    app: Litestar, make_user: MakeUser, behind_proxy: None
) -> None:
    """Through the proxy, failures count per real client, taken from X-Forwarded-For."""
    account = await make_user()
    async with client_at(app, "10.0.0.2", **{"X-Forwarded-For": "198.51.100.20"}) as attacker:
        for _ in range(40):
            await _attempt(attacker, unique_email("spray"), WRONG)
        for _ in range(6):
            await _attempt(attacker, account.email, WRONG)
        assert (await _attempt(attacker, account.email, account.password))[0] == 429
    forwarded = {"Forwarded": 'for="198.51.100.21:5000";proto=https'}
    async with client_at(app, "10.0.0.2", **forwarded) as owner:
        await login(owner, account)


async def test_a_client_cannot_spoof_past_the_proxy(
    app: Litestar, make_user: MakeUser, behind_proxy: None
) -> None:
    """Addresses a client writes itself sit left of what the proxy appends: never believed."""
    account = await make_user()
    for i in range(6):
        spoofed = {"X-Forwarded-For": f"192.0.2.{i}, 198.51.100.30"}
        async with client_at(app, "10.0.0.2", **spoofed) as c:
            status, _text = await _attempt(c, account.email, WRONG)
    assert status == 429


async def test_success_clears_the_pair_failures(client: Client, make_user: MakeUser) -> None:
    """A successful login forgets earlier failures, so later typos start counting afresh."""
    from app.accounts.throttle import FREE_PER_PAIR

    account = await make_user()
    for _ in range(FREE_PER_PAIR - 1):
        await _attempt(client, account.email, WRONG)
    assert (await _attempt(client, account.email, account.password))[0] == 303
    for _ in range(FREE_PER_PAIR - 1):
        await _attempt(client, account.email, WRONG)
    assert (await _attempt(client, account.email, account.password))[0] == 303


async def test_change_password_and_delete_account_are_throttled(
    english: Client, make_user: MakeUser
) -> None:
    """Re-entering the password on the account page meets the same back-off."""
    from app.accounts.tables import User
    from app.accounts.throttle import FREE_PER_PAIR

    account = await make_user()
    await login(english, account)
    for _ in range(FREE_PER_PAIR):
        answer = await post_form(
            english,
            "/account/wachtwoord",
            {"current_password": WRONG, "new_password": "a new password 123"},
        )
        assert answer.status_code == 400
        assert "The current password is not correct." in answer.text
    answer = await post_form(english, "/account/verwijderen", {"delete_password": account.password})
    assert answer.status_code == 400
    assert "Too many attempts" in answer.text
    assert await User.exists().where(User.id == account.id)


async def test_login_rehashes_an_outdated_hash(client: Client, make_user: MakeUser) -> None:
    """A password stored with other argon2 parameters is re-hashed at login."""
    from argon2 import PasswordHasher

    from app.accounts.passwords import needs_rehash
    from app.accounts.tables import User

    account = await make_user()
    old = PasswordHasher(time_cost=1, memory_cost=2048, parallelism=1).hash(account.password)
    assert needs_rehash(old)
    await User.update({User.password_hash: old}).where(User.id == account.id)
    assert (await _attempt(client, account.email, account.password))[0] == 303
    row = await User.select(User.password_hash).where(User.id == account.id).first()
    assert row is not None
    assert not needs_rehash(row["password_hash"])
