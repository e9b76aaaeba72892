"""The login throttle: per account and per address, with no hint whether an account exists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.web import Account, post_form, unique_email

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Account]]


async def _attempt(client: Client, email: str, password: str) -> tuple[int, str]:
    response = await post_form(client, "/account/inloggen", {"email": email, "password": password})
    return response.status_code, response.text


async def test_account_is_throttled_after_five_failures(
    english: Client, make_user: MakeUser
) -> None:
    """After five wrong passwords even the right one is refused with 429."""
    from app.accounts.throttle import MAX_PER_ACCOUNT

    account = await make_user()
    for _ in range(MAX_PER_ACCOUNT):
        status, _text = await _attempt(english, account.email, "wrong password!")
        assert status == 400
    status, text = await _attempt(english, account.email, account.password)
    assert status == 429
    assert 'data-testid="login-throttled"' in text
    assert "wijkstem_session" not in english.cookies


async def test_unknown_and_known_accounts_get_identical_answers(
    english: Client, make_user: MakeUser
) -> None:
    """A wrong password and an unknown email produce the same status and the same page."""
    account = await make_user()
    unknown = unique_email("nobody")
    known_status, known_text = await _attempt(english, account.email, "wrong password!")
    unknown_status, unknown_text = await _attempt(english, unknown, "wrong password!")
    assert 400 == known_status == unknown_status
    assert known_text.replace(account.email, "EMAIL") == unknown_text.replace(unknown, "EMAIL")
    assert "The email address or password is not correct." in known_text
    for _ in range(4):
        await _attempt(english, account.email, "wrong password!")
        await _attempt(english, unknown, "wrong password!")
    known_status, known_text = await _attempt(english, account.email, "wrong password!")
    unknown_status, unknown_text = await _attempt(english, unknown, "wrong password!")
    assert 429 == known_status == unknown_status
    assert known_text.replace(account.email, "EMAIL") == unknown_text.replace(unknown, "EMAIL")


async def test_address_is_throttled_across_accounts(client: Client, make_user: MakeUser) -> None:
    """Twenty failures from one address, spread over accounts, block that address."""
    from app.accounts.throttle import MAX_PER_ADDRESS

    account = await make_user()
    for _ in range(MAX_PER_ADDRESS):
        status, _text = await _attempt(client, unique_email("spray"), "wrong password!")
        assert status == 400
    status, _text = await _attempt(client, account.email, account.password)
    assert status == 429


async def test_success_clears_the_account_failures(client: Client, make_user: MakeUser) -> None:
    """A successful login forgets earlier failures, so later typos start counting afresh."""
    from app.accounts.throttle import MAX_PER_ACCOUNT

    account = await make_user()
    for _ in range(MAX_PER_ACCOUNT - 1):
        await _attempt(client, account.email, "wrong password!")
    assert (await _attempt(client, account.email, account.password))[0] == 303
    for _ in range(MAX_PER_ACCOUNT - 1):
        await _attempt(client, account.email, "wrong password!")
    assert (await _attempt(client, account.email, account.password))[0] == 303


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
