"""Password reset by emailed link, password change, and deleting an account."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.web import Account, login, post_form, unique_email

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Account]]
Outbox = Callable[[str], Awaitable[list[str]]]
NEW_PASSWORD = "a brand new passphrase"


async def test_forgot_password_answers_the_same_for_unknown_email(
    client: Client, make_user: MakeUser, outbox: Outbox
) -> None:
    """The same page is shown whether or not an account exists; only a real one gets mail."""
    account = await make_user()
    unknown = unique_email("nobody")
    known = await post_form(client, "/account/wachtwoord-vergeten", {"email": account.email})
    missing = await post_form(client, "/account/wachtwoord-vergeten", {"email": unknown})
    assert 200 == known.status_code == missing.status_code
    assert known.text == missing.text
    assert len(await outbox(account.email)) == 1
    assert await outbox(unknown) == []


async def test_reset_link_sets_password_once_and_ends_sessions(
    client: Client, make_user: MakeUser, outbox: Outbox
) -> None:
    """The reset link works once, sets the new password and logs out every device."""
    from app.accounts.sessions import create_session, load_session

    account = await make_user()
    old_token = await create_session(account.id)  # a session on another device
    await post_form(client, "/account/wachtwoord-vergeten", {"email": account.email})
    (link,) = await outbox(account.email)
    assert link.startswith("/account/wachtwoord-herstellen/")
    assert (await client.get(link)).status_code == 200

    short = await post_form(client, link, {"password": "short"})
    assert short.status_code == 400
    assert 'aria-invalid="true"' in short.text
    done = await post_form(client, link, {"password": NEW_PASSWORD})
    assert done.status_code == 303
    assert (await load_session(old_token)).id is None
    assert (await client.get(link)).status_code == 400
    assert (await post_form(client, link, {"password": "another new one"})).status_code == 400
    await login(client, Account(id=account.id, email=account.email, password=NEW_PASSWORD))


async def test_expired_or_unknown_reset_link_is_refused(
    client: Client, make_user: MakeUser, outbox: Outbox
) -> None:
    """A reset link older than an hour, or made up, shows the invalid-link page."""
    from datetime import UTC, datetime, timedelta

    from app.accounts.tables import EmailToken

    account = await make_user()
    await post_form(client, "/account/wachtwoord-vergeten", {"email": account.email})
    (link,) = await outbox(account.email)
    await EmailToken.update(
        {EmailToken.expires_at: datetime.now(UTC) - timedelta(minutes=1)}
    ).where(EmailToken.user == account.id)
    assert (await client.get(link)).status_code == 400
    assert (await client.get("/account/wachtwoord-herstellen/made-up")).status_code == 400


async def test_change_password_ends_other_sessions_only(
    client: Client, make_user: MakeUser
) -> None:
    """After a password change this browser stays logged in and the other device is out."""
    from app.accounts.sessions import create_session, load_session

    account = await make_user()
    other_token = await create_session(account.id)  # a session on another device
    await login(client, account)
    wrong = await post_form(
        client,
        "/account/wachtwoord",
        {"current_password": "not my password", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 400
    assert 'href="#current_password"' in wrong.text
    assert (await load_session(other_token)).id == account.id

    changed = await post_form(
        client,
        "/account/wachtwoord",
        {"current_password": account.password, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 303
    assert (await load_session(other_token)).id is None
    assert (await load_session(client.cookies["wijkstem_session"])).id == account.id


async def test_change_postcode(client: Client, make_user: MakeUser) -> None:
    """A resident can move to another postcode; a malformed one is named."""
    from app.accounts import queries

    account = await make_user()
    await login(client, account)
    bad = await post_form(client, "/account/postcode", {"postcode": "12345"})
    assert bad.status_code == 400
    assert 'href="#postcode"' in bad.text
    good = await post_form(client, "/account/postcode", {"postcode": "9751 tz"})
    assert good.status_code == 303
    profile = await queries.profile(account.id)
    assert profile is not None and profile.postcode == "9751TZ"


async def test_delete_account_needs_password_and_leaves_no_personal_data_in_audit(
    client: Client, make_user: MakeUser
) -> None:
    """Deleting asks for the password, removes the account and its sessions, and is audited."""
    from app.accounts import queries
    from app.accounts.sessions import load_session
    from app.audit import queries as audit_queries

    account = await make_user()
    await login(client, account)
    token = client.cookies["wijkstem_session"]
    refused = await post_form(client, "/account/verwijderen", {"delete_password": "nope nope"})
    assert refused.status_code == 400
    assert await queries.user_exists(account.email)

    deleted = await post_form(client, "/account/verwijderen", {"delete_password": account.password})
    assert deleted.status_code == 303
    assert not await queries.user_exists(account.email)
    assert (await load_session(token)).id is None
    (event,) = await audit_queries.latest_events(1)
    assert ("account.delete", f"user:{account.id}") == (event["action"], event["subject"])
    assert account.email not in str(event)
